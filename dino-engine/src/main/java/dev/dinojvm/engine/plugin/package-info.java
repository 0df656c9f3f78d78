/**
 * Plugin discovery: one class loader per plugin jar or directory, SPI-version checks, broken plugins reported and skipped, and the context-loader swap for calls into plugin code.
 */
package dev.dinojvm.engine.plugin;
