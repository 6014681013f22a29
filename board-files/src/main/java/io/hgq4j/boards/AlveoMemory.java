package io.hgq4j.boards;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Device-memory banks of Alveo cards, as the {@code sp=} lines of a v++ connectivity file name them
 * ({@code HBM[0]}, {@code DDR[1]}, {@code PLRAM[0]}, {@code HOST[0]}, or a range such as {@code HBM[0:3]}).
 *
 * <p>The built-in boards carry their bank as data ({@link BoardCatalog#memoryBank(Board)}); this class only supplies
 * the default for an Alveo card described without one, from the card model in its XRT platform name.
 */
public final class AlveoMemory {

    private static final Pattern BANK = Pattern.compile("(DDR|HBM|PLRAM|HOST)\\[(\\d{1,3})(?::(\\d{1,3}))?]");
    private static final Pattern PLATFORM_CARD = Pattern.compile("xilinx_(u\\d+[a-z]*)_.*");

    private AlveoMemory() {
    }

    /**
     * Whether {@code bank} is a memory bank in connectivity-file syntax: {@code DDR}, {@code HBM}, {@code PLRAM} or
     * {@code HOST} with an index or an ascending index range in brackets.
     */
    public static boolean isBank(String bank) {
        Matcher m = BANK.matcher(bank);
        return m.matches() && (m.group(3) == null || Integer.parseInt(m.group(3)) >= Integer.parseInt(m.group(2)));
    }

    /**
     * The bank a kernel's buffers should use on the card an XRT platform name belongs to: {@code HBM[0]} on the HBM
     * cards (U50, U55C, U280 — the U280 also has DDR, but HBM is what its platforms' examples and FINN use),
     * {@code DDR[0]} on the DDR cards (U200, U250); empty for a platform of any other card.
     *
     * @param xrtPlatform a platform name such as {@code xilinx_u55c_gen3x16_xdma_3_202210_1}, or the path of its
     *                    folder or {@code .xpfm} file
     */
    public static Optional<String> defaultBank(String xrtPlatform) {
        String base = java.nio.file.Path.of(xrtPlatform).getFileName().toString();
        Matcher m = PLATFORM_CARD.matcher(base.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        return switch (m.group(1)) {
            case "u50", "u50lv", "u55c", "u55n", "u280" -> Optional.of("HBM[0]");
            case "u200", "u250" -> Optional.of("DDR[0]");
            default -> Optional.empty();
        };
    }
}
