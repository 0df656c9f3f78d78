/**
 * The command line (Picocli): one class per command, option mixins, and the mapping of every failure to one line and an exit code. Depends on every other package; none depends on it.
 */
package dev.dinojvm.engine.cli;
