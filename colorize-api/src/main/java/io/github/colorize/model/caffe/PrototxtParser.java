package io.github.colorize.model.caffe;

import com.google.protobuf.TextFormat;
import com.google.protobuf.TextFormatParseInfoTree;
import io.github.colorize.model.caffe.proto.CaffeProtos.NetParameter;

/**
 * Parses Caffe's {@code .prototxt} files (the protobuf text format of a {@code NetParameter}) with
 * protobuf's {@link TextFormat} into {@link ProtoFields} that keep each message's line. Fields
 * outside {@code caffe_subset.proto} are skipped, so real deploy files with solver and filler
 * settings read fine.
 */
final class PrototxtParser {

  private PrototxtParser() {}

  /**
   * Parses a whole file.
   *
   * @param source names the file in messages
   * @throws CaffeFormatException naming the file, the line and what was expected
   */
  static ProtoFields parse(String text, String source) {
    TextFormatParseInfoTree.Builder tree = TextFormatParseInfoTree.builder();
    NetParameter.Builder net = NetParameter.newBuilder();
    try {
      TextFormat.Parser.newBuilder().setAllowUnknownFields(true).setParseInfoTreeBuilder(tree)
          .build().merge(text, net);
    } catch (TextFormat.ParseException e) {
      // protobuf's message starts with "line:column:"; say it in words.
      String problem = e.getMessage().replaceFirst("^-?\\d+:-?\\d+:\\s*", "");
      throw new CaffeFormatException(source, "line " + e.getLine() + ", column " + e.getColumn()
          + ": " + problem + " (expected the protobuf text format of a Caffe NetParameter)", e);
    }
    return CaffeMessages.fields(net.build(), tree.build(), 1);
  }
}
