/**
 * Import of the authors' released Caffe model: {@link
 * io.github.colorize.model.caffe.CaffeImporter} reads a Caffe net definition (prototxt, protobuf
 * text format) and its trained weights (caffemodel, binary protobuf) in pure Java and returns a
 * colorize {@link io.github.colorize.model.ModelFile}.
 */
package io.github.colorize.model.caffe;
