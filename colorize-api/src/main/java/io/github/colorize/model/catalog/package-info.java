/**
 * Named models: the {@link io.github.colorize.model.catalog.ModelCatalog} of models known by name
 * (the authors' eccv16 release and where it is published), the
 * {@link io.github.colorize.model.catalog.ModelCache} folder that holds them once converted, and
 * {@link io.github.colorize.model.catalog.ModelPuller}, which downloads, checks and converts one
 * when asked. The library never downloads on its own.
 */
package io.github.colorize.model.catalog;
