/** File writing shared by every part of colorize: {@link io.github.colorize.io.AtomicFiles}. */
package io.github.colorize.io;
