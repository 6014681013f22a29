# Stand-ins for the Vitis HLS and Vivado TCL commands the generated scripts call, for tests without the tools.
#
#   tclsh vendor_stub.tcl SCRIPT LOG
#
# Every vendor command appends one line to LOG, the command and its arguments as a TCL list, then checks what a
# real tool would refuse: order (a solution before set_part, a synthesis before export), files that must exist,
# option values, IP and pin names, ports that must be enabled before use, and at validate_bd_design every
# interface and input pin left unconnected. Commands defined nowhere fail the run, which catches misspellings.
# The commands that produce files (export_design, make_wrapper, wait_on_run, report_*) write small placeholders
# where the real tools put their output, so the scripts' own file handling runs for real.
#
# Environment: STUB_NO_BOARD_PARTS=1   get_board_parts finds nothing (board files not installed)
#              STUB_HLS_CONTROL=ap_ctrl_hs   the HLS IP gets an ap_start pin (block-level control)
#              STUB_WNS=-0.5   worst negative slack reported for impl_1 (default 0.2)

if {$argc != 2} {
    puts stderr "usage: tclsh vendor_stub.tcl SCRIPT LOG"
    exit 2
}
set stub_script [file normalize [lindex $argv 0]]
set stub_log [open [lindex $argv 1] a]
fconfigure $stub_log -buffering line

proc stub_env {name default} {
    if {[info exists ::env($name)] && $::env($name) ne ""} {
        return $::env($name)
    }
    return $default
}

proc stub_fail {message} {
    error "stub: $message"
}

# Tcl's own library procs still load on demand; anything else is a command the stub does not know.
rename unknown stub_tcl_unknown
proc unknown {args} {
    set name [lindex $args 0]
    if {[string match ::tcl::* $name] || [string match tcl::* $name]} {
        return [uplevel 1 [list stub_tcl_unknown {*}$args]]
    }
    stub_fail "unknown command '$name' (misspelled, or a vendor command missing from vendor_stub.tcl)"
}

# Defines a vendor command that logs its call and then runs body, with the arguments in $args.
proc stub_command {name body} {
    proc $name args [string map [list @NAME@ $name @BODY@ $body] {
        puts $::stub_log [linsert $args 0 @NAME@]
        @BODY@
    }]
}

# Splits args into options and positional words; valued lists the options that take a value.
# Returns a dict with the options (flags map to 1) and the key "" for the positional words.
proc stub_parse {command arguments valued flags} {
    set result [dict create "" {}]
    for {set i 0} {$i < [llength $arguments]} {incr i} {
        set word [lindex $arguments $i]
        if {[string match -* $word] && ![string is double -strict $word]} {
            set option [string range $word 1 end]
            if {$option in $valued} {
                incr i
                if {$i >= [llength $arguments]} {
                    stub_fail "$command: option $word needs a value"
                }
                dict set result $option [lindex $arguments $i]
            } elseif {$option in $flags} {
                dict set result $option 1
            } else {
                stub_fail "$command: unknown option $word"
            }
        } else {
            dict lappend result "" $word
        }
    }
    return $result
}

proc stub_opt {parsed option {default ""}} {
    if {[dict exists $parsed $option]} {
        return [dict get $parsed $option]
    }
    return $default
}

proc stub_positional {command parsed count} {
    set words [dict get $parsed ""]
    if {[llength $words] != $count} {
        stub_fail "$command: expected $count positional argument(s), got [llength $words]: $words"
    }
    return $words
}

# ------------------------------------------------------------------------------------------------ Vitis HLS

array set hls {project "" solution "" top "" part "" clock "" tb 0}

proc hls_marker {} {
    return [file join [pwd] $::hls(project) .stub_synthesized]
}

stub_command open_project {
    set p [stub_parse open_project $args {} {reset}]
    lassign [stub_positional open_project $p 1] name
    if {[stub_opt $p reset 0]} {
        file delete -force $name
    }
    file mkdir $name
    set ::hls(project) $name
    set ::hls(solution) ""
    set ::hls(tb) 0
}

stub_command set_top {
    set p [stub_parse set_top $args {} {}]
    if {$::hls(project) eq ""} { stub_fail "set_top before open_project" }
    lassign [stub_positional set_top $p 1] ::hls(top)
}

stub_command add_files {
    set p [stub_parse add_files $args {cflags csimflags fileset} {tb norecurse}]
    set files [dict get $p ""]
    if {[llength $files] == 0} { stub_fail "add_files without files" }
    foreach f $files {
        if {![file exists $f]} { stub_fail "add_files: no such file or directory '$f' (in [pwd])" }
        if {![stub_opt $p tb 0] && [file isdirectory $f]} { stub_fail "add_files: '$f' is a directory" }
    }
    if {[stub_opt $p tb 0]} { set ::hls(tb) 1 }
}

stub_command open_solution {
    set p [stub_parse open_solution $args {flow_target} {reset}]
    if {$::hls(project) eq ""} { stub_fail "open_solution before open_project" }
    lassign [stub_positional open_solution $p 1] ::hls(solution)
    set target [stub_opt $p flow_target]
    if {$target ni {vivado vitis}} { stub_fail "open_solution: -flow_target must be vivado or vitis, not '$target'" }
    if {[stub_opt $p reset 0]} { file delete [hls_marker] }
}

stub_command set_part {
    set p [stub_parse set_part $args {} {}]
    if {$::hls(solution) eq ""} { stub_fail "set_part before open_solution" }
    lassign [stub_positional set_part $p 1] ::hls(part)
}

stub_command create_clock {
    set p [stub_parse create_clock $args {period name} {}]
    stub_positional create_clock $p 0
    if {$::hls(solution) eq ""} { stub_fail "create_clock before open_solution" }
    set period [stub_opt $p period]
    if {![string is double -strict $period] || $period <= 0} { stub_fail "create_clock: bad period '$period'" }
    set ::hls(clock) $period
}

stub_command set_clock_uncertainty {
    set p [stub_parse set_clock_uncertainty $args {} {}]
    lassign [stub_positional set_clock_uncertainty $p 2] value clock
    if {![regexp {^[0-9]+(\.[0-9]+)?%?$} $value]} { stub_fail "set_clock_uncertainty: bad value '$value'" }
}

proc hls_ready {command} {
    foreach {key what} {solution open_solution top set_top part set_part clock create_clock} {
        if {$::hls($key) eq ""} { stub_fail "$command before $what" }
    }
}

stub_command csim_design {
    hls_ready csim_design
    if {!$::hls(tb)} { stub_fail "csim_design without a testbench" }
}

stub_command csynth_design {
    hls_ready csynth_design
    close [open [hls_marker] w]
}

stub_command cosim_design {
    hls_ready cosim_design
    if {![file exists [hls_marker]]} { stub_fail "cosim_design without a synthesized solution" }
}

stub_command export_design {
    set p [stub_parse export_design $args {format output rtl vendor library version ipname description} {}]
    stub_positional export_design $p 0
    hls_ready export_design
    if {![file exists [hls_marker]]} { stub_fail "export_design without a synthesized solution" }
    switch -- [stub_opt $p format] {
        ip_catalog {
            set ip [file join $::hls(project) $::hls(solution) impl ip]
            file mkdir $ip
            set f [open [file join $ip component.xml] w]
            puts $f "stub IP $::hls(top)"
            close $f
        }
        xo {
            set xo [stub_opt $p output]
            if {![string match *.xo $xo]} { stub_fail "export_design -format xo: -output must name a .xo file" }
            if {![file isdirectory [file dirname $xo]]} { stub_fail "export_design: no directory for $xo" }
            set f [open $xo w]
            puts $f "stub kernel $::hls(top) for $::hls(part)"
            close $f
        }
        default { stub_fail "export_design: unsupported -format '[stub_opt $p format]'" }
    }
}

# ---------------------------------------------------------------------------------------------------- Vivado

array set viv {project "" dir "" part "" board_part "" ip_repo "" catalog 0 bd "" saved 0 top "" launched 0
    done 0}
array set cell_type {}
array set cell_prop {}
array set connected {}

# Per IP: {kind name direction enabling-property}; kind intf or pin; direction master, slave, external, in or
# out; the property (when not empty) must be 1 for the port to exist.
set ip_ports {
    processing_system7 {
        {intf M_AXI_GP0 master pcw_use_m_axi_gp0} {intf S_AXI_HP0 slave pcw_use_s_axi_hp0}
        {intf DDR external ""} {intf FIXED_IO external ""}
        {pin FCLK_CLK0 out ""} {pin FCLK_RESET0_N out ""}
        {pin M_AXI_GP0_ACLK in pcw_use_m_axi_gp0} {pin S_AXI_HP0_ACLK in pcw_use_s_axi_hp0}
    }
    zynq_ultra_ps_e {
        {intf M_AXI_HPM0_FPD master psu__use__m_axi_gp0} {intf M_AXI_HPM1_FPD master psu__use__m_axi_gp1}
        {intf M_AXI_HPM0_LPD master psu__use__m_axi_gp2} {intf S_AXI_HP0_FPD slave psu__use__s_axi_gp2}
        {pin pl_clk0 out ""} {pin pl_resetn0 out ""}
        {pin maxihpm0_fpd_aclk in psu__use__m_axi_gp0} {pin maxihpm1_fpd_aclk in psu__use__m_axi_gp1}
        {pin maxihpm0_lpd_aclk in psu__use__m_axi_gp2} {pin saxihp0_fpd_aclk in psu__use__s_axi_gp2}
    }
    axi_dma {
        {intf S_AXI_LITE slave ""} {intf M_AXI_MM2S master c_include_mm2s} {intf M_AXI_S2MM master c_include_s2mm}
        {intf M_AXIS_MM2S master c_include_mm2s} {intf S_AXIS_S2MM slave c_include_s2mm}
        {intf M_AXI_SG master c_include_sg}
        {pin s_axi_lite_aclk in ""} {pin m_axi_mm2s_aclk in c_include_mm2s} {pin m_axi_s2mm_aclk in c_include_s2mm}
        {pin m_axi_sg_aclk in c_include_sg} {pin axi_resetn in ""}
        {pin mm2s_introut out c_include_mm2s} {pin s2mm_introut out c_include_s2mm}
    }
    hls {
        {intf in_stream slave ""} {intf out_stream master ""} {pin ap_clk in ""} {pin ap_rst_n in ""}
    }
}
# Defaults of the enabling properties, as in the IP catalog: the DMA starts in scatter-gather mode. The MPSoC
# starts with no AXI master, so a script that does not enable one explicitly fails here.
set ip_defaults {
    processing_system7 {pcw_use_m_axi_gp0 1 pcw_use_s_axi_hp0 0}
    zynq_ultra_ps_e {psu__use__m_axi_gp0 0 psu__use__m_axi_gp1 0 psu__use__m_axi_gp2 0 psu__use__s_axi_gp2 0}
    axi_dma {c_include_sg 1 c_include_mm2s 1 c_include_s2mm 1 c_sg_length_width 14}
    hls {}
}
# The clock and reset pins the AXI automation wires when it connects an interface.
set ip_interface_clocks {
    processing_system7 {M_AXI_GP0 M_AXI_GP0_ACLK S_AXI_HP0 S_AXI_HP0_ACLK}
    zynq_ultra_ps_e {M_AXI_HPM0_FPD maxihpm0_fpd_aclk M_AXI_HPM1_FPD maxihpm1_fpd_aclk
                     M_AXI_HPM0_LPD maxihpm0_lpd_aclk S_AXI_HP0_FPD saxihp0_fpd_aclk}
    axi_dma {S_AXI_LITE {s_axi_lite_aclk axi_resetn} M_AXI_MM2S m_axi_mm2s_aclk M_AXI_S2MM m_axi_s2mm_aclk
             M_AXI_SG m_axi_sg_aclk}
    hls {}
}

proc cell_property {cell name} {
    set name [string tolower $name]
    if {[info exists ::cell_prop($cell,$name)]} {
        return $::cell_prop($cell,$name)
    }
    set defaults [dict get $::ip_defaults $::cell_type($cell)]
    if {[dict exists $defaults $name]} {
        return [dict get $defaults $name]
    }
    return ""
}

# All ports of a cell that exist with its current configuration.
proc cell_ports {cell} {
    set ports {}
    set ip_ports [dict get $::ip_ports $::cell_type($cell)]
    if {$::cell_type($cell) eq "hls" && [stub_env STUB_HLS_CONTROL ap_ctrl_none] ne "ap_ctrl_none"} {
        lappend ip_ports {pin ap_start in ""} {pin ap_done out ""}
    }
    foreach port $ip_ports {
        lassign $port kind name direction enable
        if {$enable eq "" || [cell_property $cell $enable] eq "1"} {
            lappend ports $port
        }
    }
    return $ports
}

# Resolves "cell/port" (optionally with a leading /) to {cell port direction}, or fails.
proc find_port {command kind path {quiet 0}} {
    set path [string trimleft $path /]
    if {![regexp {^([^/]+)/([^/]+)$} $path -> cell name]} { stub_fail "$command: '$path' is not cell/port" }
    if {![info exists ::cell_type($cell)]} { stub_fail "$command: no cell '$cell' in the block design" }
    foreach port [cell_ports $cell] {
        lassign $port k n direction
        if {$k eq $kind && $n eq $name} {
            return [list $cell $name $direction]
        }
    }
    if {$quiet} { return "" }
    stub_fail "$command: cell $cell ($::cell_type($cell)) has no $kind '$name' in its current configuration"
}

proc need_bd {command} {
    if {$::viv(bd) eq ""} { stub_fail "$command before create_bd_design" }
}

stub_command create_project {
    set p [stub_parse create_project $args {part} {force}]
    lassign [stub_positional create_project $p 2] name dir
    if {[stub_opt $p part] eq ""} { stub_fail "create_project without -part" }
    if {[file exists $dir] && ![stub_opt $p force 0]} { stub_fail "create_project: $dir exists (no -force)" }
    file mkdir $dir
    set ::viv(project) $name
    set ::viv(dir) [file normalize $dir]
    set ::viv(part) [stub_opt $p part]
}

stub_command current_project {
    if {$::viv(project) eq ""} { stub_fail "current_project without a project" }
    return $::viv(project)
}

stub_command current_fileset {
    return sources_1
}

stub_command get_board_parts {
    set p [stub_parse get_board_parts $args {} {quiet}]
    lassign [stub_positional get_board_parts $p 1] pattern
    if {[stub_env STUB_NO_BOARD_PARTS 0]} { return "" }
    return $pattern
}

stub_command update_ip_catalog {
    if {$::viv(ip_repo) ne ""} { set ::viv(catalog) 1 }
}

stub_command get_ipdefs {
    set p [stub_parse get_ipdefs $args {filter} {all quiet}]
    if {![regexp {^VLNV =~ \*:hls:([A-Za-z_][A-Za-z0-9_]*):\*$} [stub_opt $p filter] -> top]} {
        stub_fail "get_ipdefs: the stub only answers -filter {VLNV =~ *:hls:TOP:*}, not '[stub_opt $p filter]'"
    }
    if {!$::viv(catalog)} { return "" }
    return [list xilinx.com:hls:$top:1.0]
}

stub_command set_property {
    if {[lindex $args 0] eq "-dict"} {
        if {[llength $args] != 3} { stub_fail "set_property -dict LIST OBJECTS" }
        set pairs [lindex $args 1]
        set objects [lindex $args 2]
        if {[llength $pairs] % 2} { stub_fail "set_property -dict: odd list '$pairs'" }
    } else {
        if {[llength $args] != 3} { stub_fail "set_property NAME VALUE OBJECTS, not: $args" }
        set pairs [lrange $args 0 1]
        set objects [lindex $args 2]
    }
    foreach object $objects {
        foreach {name value} $pairs {
            if {[info exists ::cell_type($object)]} {
                if {![string match -nocase CONFIG.* $name]} { stub_fail "set_property: cell properties are CONFIG.*" }
                set ::cell_prop($object,[string tolower [string range $name 7 end]]) $value
            } elseif {$object eq $::viv(project) && $object ne ""} {
                switch -- $name {
                    board_part { set ::viv(board_part) $value }
                    ip_repo_paths {
                        foreach dir $value {
                            if {![file isdirectory $dir]} { stub_fail "ip_repo_paths: no directory $dir" }
                        }
                        set ::viv(ip_repo) $value
                    }
                    default { stub_fail "set_property: unexpected project property $name" }
                }
            } elseif {$object eq "sources_1" && $name eq "top"} {
                set ::viv(top) $value
            } else {
                stub_fail "set_property $name on unknown object '$object'"
            }
        }
    }
}

stub_command create_bd_design {
    if {$::viv(project) eq ""} { stub_fail "create_bd_design without a project" }
    lassign $args ::viv(bd)
}

stub_command create_bd_cell {
    set p [stub_parse create_bd_cell $args {type vlnv} {}]
    lassign [stub_positional create_bd_cell $p 1] name
    need_bd create_bd_cell
    if {[stub_opt $p type] ne "ip"} { stub_fail "create_bd_cell: -type ip expected" }
    if {[info exists ::cell_type($name)]} { stub_fail "create_bd_cell: $name exists" }
    set vlnv [stub_opt $p vlnv]
    if {[regexp {^xilinx\.com:ip:(processing_system7|zynq_ultra_ps_e|axi_dma)(:[0-9.]+)?$} $vlnv -> type]} {
        set ::cell_type($name) $type
    } elseif {[regexp {^xilinx\.com:hls:[A-Za-z0-9_]+:1\.0$} $vlnv] && $::viv(catalog)} {
        set ::cell_type($name) hls
    } else {
        stub_fail "create_bd_cell: unknown VLNV '$vlnv'"
    }
    return $name
}

stub_command get_bd_cells {
    set p [stub_parse get_bd_cells $args {} {quiet}]
    lassign [stub_positional get_bd_cells $p 1] name
    if {![info exists ::cell_type($name)]} { stub_fail "get_bd_cells: no cell '$name'" }
    return $name
}

stub_command get_bd_intf_pins {
    set p [stub_parse get_bd_intf_pins $args {} {quiet}]
    lassign [stub_positional get_bd_intf_pins $p 1] path
    set port [find_port get_bd_intf_pins intf $path [stub_opt $p quiet 0]]
    if {$port eq ""} { return "" }
    return [join [lrange $port 0 1] /]
}

stub_command get_bd_pins {
    set p [stub_parse get_bd_pins $args {} {quiet}]
    lassign [stub_positional get_bd_pins $p 1] path
    set port [find_port get_bd_pins pin $path [stub_opt $p quiet 0]]
    if {$port eq ""} { return "" }
    return [join [lrange $port 0 1] /]
}

stub_command get_bd_nets {
    set p [stub_parse get_bd_nets $args {of_objects} {}]
    stub_positional get_bd_nets $p 0
    set pin [stub_opt $p of_objects]
    if {[info exists ::connected($pin)]} { return "net:$pin" }
    return ""
}

stub_command connect_bd_net {
    set p [stub_parse connect_bd_net $args {net} {}]
    need_bd connect_bd_net
    set pins [dict get $p ""]
    if {[dict exists $p net]} {
        if {[stub_opt $p net] eq ""} { stub_fail "connect_bd_net -net {}: the pin it was taken from has no net" }
        if {[llength $pins] < 1} { stub_fail "connect_bd_net -net NET needs a pin" }
    } elseif {[llength $pins] < 2} {
        stub_fail "connect_bd_net needs two pins"
    }
    foreach pin $pins {
        find_port connect_bd_net pin $pin
        set ::connected($pin) 1
    }
}

stub_command connect_bd_intf_net {
    set p [stub_parse connect_bd_intf_net $args {} {}]
    need_bd connect_bd_intf_net
    lassign [stub_positional connect_bd_intf_net $p 2] a b
    set da [lindex [find_port connect_bd_intf_net intf $a] 2]
    set db [lindex [find_port connect_bd_intf_net intf $b] 2]
    if {[lsort [list $da $db]] ne {master slave}} {
        stub_fail "connect_bd_intf_net: $a ($da) to $b ($db) is not master to slave"
    }
    set ::connected($a) 1
    set ::connected($b) 1
}

# Marks an interface connected, with the clock and reset pins automation wires for it.
proc automate_interface {path} {
    lassign [find_port apply_bd_automation intf $path] cell name
    set ::connected($cell/$name) 1
    set clocks [dict get $::ip_interface_clocks $::cell_type($cell)]
    if {[dict exists $clocks $name]} {
        foreach pin [dict get $clocks $name] {
            set ::connected($cell/$pin) 1
        }
    }
}

stub_command apply_bd_automation {
    set p [stub_parse apply_bd_automation $args {rule config} {}]
    lassign [stub_positional apply_bd_automation $p 1] object
    need_bd apply_bd_automation
    set config [stub_opt $p config]
    if {[llength $config] % 2} { stub_fail "apply_bd_automation: -config is not key-value pairs: $config" }
    switch -- [stub_opt $p rule] {
        xilinx.com:bd_rule:processing_system7 {
            if {$::cell_type($object) ne "processing_system7"} { stub_fail "processing_system7 rule on $object" }
            if {[dict get $config apply_board_preset] ni {0 1}} { stub_fail "apply_board_preset must be 0 or 1" }
            if {[dict get $config apply_board_preset] && $::viv(board_part) eq ""} {
                stub_fail "board preset without a board part"
            }
            foreach port [split [dict get $config make_external] ,] {
                set ::connected($object/[string trim $port]) 1
            }
        }
        xilinx.com:bd_rule:zynq_ultra_ps_e {
            if {$::cell_type($object) ne "zynq_ultra_ps_e"} { stub_fail "zynq_ultra_ps_e rule on $object" }
            if {[dict get $config apply_board_preset] ne "1" || $::viv(board_part) eq ""} {
                stub_fail "the zynq_ultra_ps_e rule only applies a board preset, which needs a board part"
            }
            # Like the ZCU10x presets: both FPD masters on.
            set ::cell_prop($object,psu__use__m_axi_gp0) 1
            set ::cell_prop($object,psu__use__m_axi_gp1) 1
        }
        xilinx.com:bd_rule:axi4 {
            foreach key {Master Slave Clk_master Clk_slave Clk_xbar intc_ip} {
                if {![dict exists $config $key]} { stub_fail "axi4 automation without $key" }
            }
            set master [dict get $config Master]
            set slave [dict get $config Slave]
            if {[lindex [find_port apply_bd_automation intf $master] 2] ne "master"} { stub_fail "$master is no master" }
            if {[lindex [find_port apply_bd_automation intf $slave] 2] ne "slave"} { stub_fail "$slave is no slave" }
            if {"/[string trimleft $object /]" ni [list $master $slave]} {
                stub_fail "axi4 automation applied to $object, which is neither $master nor $slave"
            }
            automate_interface $master
            automate_interface $slave
        }
        default { stub_fail "apply_bd_automation: unknown rule '[stub_opt $p rule]'" }
    }
}

stub_command assign_bd_address {
    need_bd assign_bd_address
}

stub_command validate_bd_design {
    need_bd validate_bd_design
    foreach cell [lsort [array names ::cell_type]] {
        foreach port [cell_ports $cell] {
            lassign $port kind name direction
            if {($kind eq "intf" || $direction eq "in") && ![info exists ::connected($cell/$name)]} {
                stub_fail "validate_bd_design: $cell/$name is not connected"
            }
        }
    }
    if {[array names ::cell_type -exact axi_dma_0] ne ""} {
        set width [cell_property axi_dma_0 c_sg_length_width]
        if {$width < 8 || $width > 26} { stub_fail "validate_bd_design: c_sg_length_width $width not in 8..26" }
        foreach {mm stream} {c_m_axi_mm2s_data_width c_m_axis_mm2s_tdata_width
                             c_m_axi_s2mm_data_width c_s_axis_s2mm_tdata_width} {
            set m [cell_property axi_dma_0 $mm]
            set s [cell_property axi_dma_0 $stream]
            if {$m ne "" && $s ne "" && ($m < 32 || $s > $m)} {
                stub_fail "validate_bd_design: DMA $stream $s wider than $mm $m, or $mm below 32"
            }
        }
    }
}

stub_command save_bd_design {
    need_bd save_bd_design
    set ::viv(saved) 1
}

proc bd_dir {tree} {
    return [file join $::viv(dir) $::viv(project).$tree sources_1 bd $::viv(bd)]
}

stub_command get_files {
    set p [stub_parse get_files $args {} {quiet norecurse}]
    lassign [stub_positional get_files $p 1] name
    if {$name ne "$::viv(bd).bd" || !$::viv(saved)} { stub_fail "get_files: no file '$name' in the project" }
    return [file join [bd_dir srcs] $name]
}

stub_command make_wrapper {
    set p [stub_parse make_wrapper $args {files} {top force}]
    stub_positional make_wrapper $p 0
    if {![stub_opt $p top 0]} { stub_fail "make_wrapper without -top" }
    set hdl [file join [bd_dir gen] hdl]
    file mkdir $hdl
    set wrapper [file join $hdl $::viv(bd)_wrapper.v]
    close [open $wrapper w]
    return $wrapper
}

stub_command get_runs {
    lassign $args run
    if {$run ni {synth_1 impl_1}} { stub_fail "get_runs: no run '$run'" }
    return $run
}

stub_command launch_runs {
    set p [stub_parse launch_runs $args {to_step jobs} {}]
    lassign [stub_positional launch_runs $p 1] run
    if {$run ne "impl_1" || [stub_opt $p to_step] ne "write_bitstream"} {
        stub_fail "launch_runs: expected impl_1 -to_step write_bitstream"
    }
    if {![string is integer -strict [stub_opt $p jobs]] || [stub_opt $p jobs] < 1} {
        stub_fail "launch_runs: bad -jobs '[stub_opt $p jobs]'"
    }
    if {$::viv(top) ne "$::viv(bd)_wrapper"} { stub_fail "launch_runs: top is '$::viv(top)', not the bd wrapper" }
    set ::viv(launched) 1
}

stub_command wait_on_run {
    lassign $args run
    if {!$::viv(launched)} { stub_fail "wait_on_run before launch_runs" }
    set impl [file join $::viv(dir) $::viv(project).runs impl_1]
    file mkdir $impl [file join [bd_dir gen] hw_handoff]
    set f [open [file join $impl $::viv(bd)_wrapper.bit] w]
    puts -nonewline $f "stub bitstream"
    close $f
    set f [open [file join [bd_dir gen] hw_handoff $::viv(bd).hwh] w]
    puts -nonewline $f "stub hwh"
    close $f
    set ::viv(done) 1
}

stub_command get_property {
    lassign $args name object
    if {$object ne "impl_1"} { stub_fail "get_property: the stub only knows impl_1, not '$object'" }
    switch -- $name {
        DIRECTORY { return [file join $::viv(dir) $::viv(project).runs impl_1] }
        PROGRESS { return [expr {$::viv(done) ? "100%" : "0%"}] }
        STATS.WNS { return [stub_env STUB_WNS 0.2] }
        default { stub_fail "get_property: unknown property $name" }
    }
}

stub_command open_run {
    if {!$::viv(done)} { stub_fail "open_run before the run finished" }
}

foreach report {report_utilization report_timing_summary} {
    stub_command $report {
        set p [stub_parse report $args {file} {hierarchical}]
        close [open [stub_opt $p file] w]
    }
}

rename exit stub_real_exit
proc exit {{code 0}} {
    puts $::stub_log [list exit $code]
    close $::stub_log
    stub_real_exit $code
}

source $stub_script
close $stub_log
