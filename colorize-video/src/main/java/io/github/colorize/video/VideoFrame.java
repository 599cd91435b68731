package io.github.colorize.video;

/**
 * One decoded frame: its pixels ({@code 0xFFRRGGBB}, row-major) and presentation time.
 *
 * @param width columns
 * @param height rows
 * @param argb the pixels
 * @param timestampMicros when it is shown, from the stream's start
 */
record VideoFrame(int width, int height, int[] argb, long timestampMicros) {}
