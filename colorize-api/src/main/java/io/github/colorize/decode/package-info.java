/**
 * Decoding the network's class distributions into ab colors: the paper's function H, the annealed
 * mean ({@link io.github.colorize.decode.AnnealedMeanDecoder}).
 */
package io.github.colorize.decode;
