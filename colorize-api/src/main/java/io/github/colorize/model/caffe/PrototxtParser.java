package io.github.colorize.model.caffe;

import com.google.protobuf.TextFormat;
import com.google.protobuf.TextFormatParseInfoTree;
import io.github.colorize.model.caffe.proto.CaffeProtos.NetParameter;
import java.util.logging.Filter;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses Caffe's {@code .prototxt} files (the protobuf text format of a {@code NetParameter}) with
 * protobuf's {@link TextFormat} into {@link ProtoFields} that keep each message's line. Fields
 * outside {@code caffe_subset.proto} are skipped, so real deploy files with solver and filler
 * settings read fine.
 */
final class PrototxtParser {

  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(PrototxtParser.class);

  /** Set while this thread parses: protobuf's warnings about skipped fields are ours then. */
  private static final ThreadLocal<Boolean> PARSING = ThreadLocal.withInitial(() -> false);

  /**
   * protobuf's text parser reports skipped fields through java.util.logging, which prints to
   * stderr without a bridge; a library must not print. Only the records of our own parses go to
   * SLF4J at debug; the logger is held because java.util.logging keeps loggers weakly.
   */
  private static final Logger PROTOBUF_TEXT = Logger.getLogger(TextFormat.class.getName());

  static {
    Filter previous = PROTOBUF_TEXT.getFilter();
    PROTOBUF_TEXT.setFilter(record -> {
      if (PARSING.get()) {
        LOG.debug("protobuf: {}", record.getMessage());
        return false;
      }
      return previous == null || previous.isLoggable(record);
    });
  }

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
    PARSING.set(true);
    try {
      TextFormat.Parser.newBuilder().setAllowUnknownFields(true).setParseInfoTreeBuilder(tree)
          .build().merge(text, net);
    } catch (TextFormat.ParseException e) {
      // protobuf's message starts with "line:column:"; say it in words.
      String problem = e.getMessage().replaceFirst("^-?\\d+:-?\\d+:\\s*", "");
      throw new CaffeFormatException(source, "line " + e.getLine() + ", column " + e.getColumn()
          + ": " + problem + " (expected the protobuf text format of a Caffe NetParameter)", e);
    } finally {
      PARSING.remove();
    }
    return CaffeMessages.fields(net.build(), tree.build(), 1);
  }
}
