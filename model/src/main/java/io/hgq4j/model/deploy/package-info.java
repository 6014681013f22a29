/**
 * What a deployed accelerator and its host agree on: how samples are packed into bus words ({@link
 * io.hgq4j.model.deploy.PackedLayout}) and the build manifest written next to a generated project ({@link
 * io.hgq4j.model.deploy.BuildManifest}).
 */
package io.hgq4j.model.deploy;
