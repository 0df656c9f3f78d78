/**
 * {@code dino search}: brute-force nearest neighbours by cosine similarity over an index written by
 * {@code dino embed}, whose JSON side file names the image of each row.
 */
package dev.dinojvm.engine.search;
