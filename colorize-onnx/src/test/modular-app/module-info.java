/** A tiny application module that uses colorize from the module path (see ModulePathTest). */
module colorize.demo {
  requires io.github.colorize.api;
}
