package io.github.colorize.model.caffe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Parses the protobuf text format of Caffe's {@code .prototxt} files into {@link ProtoFields}:
 * {@code name: value}, {@code name { ... }} and {@code name: { ... }} (also with angle brackets),
 * lists {@code name: [a, b]}, {@code #} comments, single- or double-quoted strings with C escapes
 * (adjacent strings join), and optional {@code ,} or {@code ;} separators. Field names are not
 * checked against a schema: the reader picks the fields it needs and ignores the rest.
 */
final class PrototxtParser {

  private final String text;
  private final String source;
  private int pos;
  private int line = 1;

  private PrototxtParser(String text, String source) {
    this.text = text;
    this.source = source;
  }

  /**
   * Parses a whole file.
   *
   * @param source names the file in messages
   * @throws CaffeFormatException naming the file, the line and what was expected
   */
  static ProtoFields parse(String text, String source) {
    PrototxtParser parser = new PrototxtParser(text, source);
    ProtoFields root = new ProtoFields(1);
    parser.parseFields(root, (char) 0);
    return root;
  }

  private void parseFields(ProtoFields into, char close) {
    while (true) {
      skipSpaceAndComments();
      if (pos >= text.length()) {
        if (close != 0) {
          throw error("the file ends inside a message: expected '" + close + "'");
        }
        return;
      }
      char c = text.charAt(pos);
      if (c == close) {
        pos++;
        return;
      }
      if (!isIdentifierStart(c)) {
        throw error("expected a field name" + (close != 0 ? " or '" + close + "'" : "")
            + ", found " + describe(c));
      }
      String name = identifier();
      int fieldLine = line;
      skipSpaceAndComments();
      boolean colon = peek() == ':';
      if (colon) {
        pos++;
        skipSpaceAndComments();
      }
      char next = peek();
      if (next == '{' || next == '<') {
        pos++;
        ProtoFields child = new ProtoFields(fieldLine);
        parseFields(child, next == '{' ? '}' : '>');
        into.add(name, child);
      } else if (!colon) {
        throw error("expected ':' or '{' after field '" + name + "', found "
            + (pos < text.length() ? describe(next) : "the end of the file"));
      } else if (next == '[') {
        pos++;
        parseList(into, name);
      } else {
        into.add(name, scalar(name));
      }
      skipSpaceAndComments();
      if (peek() == ',' || peek() == ';') {
        pos++;
      }
    }
  }

  private void parseList(ProtoFields into, String name) {
    skipSpaceAndComments();
    if (peek() == ']') {
      pos++;
      return;
    }
    while (true) {
      skipSpaceAndComments();
      if (peek() == '{' || peek() == '<') {
        char open = text.charAt(pos++);
        ProtoFields child = new ProtoFields(line);
        parseFields(child, open == '{' ? '}' : '>');
        into.add(name, child);
      } else {
        into.add(name, scalar(name));
      }
      skipSpaceAndComments();
      char c = peek();
      pos++;
      if (c == ']') {
        return;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']' in the list of field '" + name + "', found "
            + (pos < text.length() ? describe(c) : "the end of the file"));
      }
    }
  }

  private String scalar(String name) {
    if (pos >= text.length()) {
      throw error("the file ends where field '" + name + "' expects a value");
    }
    char c = text.charAt(pos);
    if (c == '"' || c == '\'') {
      StringBuilder joined = new StringBuilder();
      while (pos < text.length() && (text.charAt(pos) == '"' || text.charAt(pos) == '\'')) {
        joined.append(quoted());
        skipSpaceAndComments();
      }
      return joined.toString();
    }
    int start = pos;
    while (pos < text.length()) {
      char d = text.charAt(pos);
      if (Character.isLetterOrDigit(d) || d == '_' || d == '.' || d == '-' || d == '+') {
        pos++;
      } else {
        break;
      }
    }
    if (pos == start) {
      throw error("field '" + name + "' expects a value, found " + describe(c));
    }
    return text.substring(start, pos);
  }

  private String quoted() {
    char quote = text.charAt(pos++);
    int startLine = line;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    while (true) {
      if (pos >= text.length() || text.charAt(pos) == '\n') {
        line = startLine;
        throw error("a string is not closed before the end of the line");
      }
      char c = text.charAt(pos++);
      if (c == quote) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
      if (c != '\\') {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
        continue;
      }
      if (pos >= text.length()) {
        throw error("a string ends with a lone backslash");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case 'n' -> bytes.write('\n');
        case 't' -> bytes.write('\t');
        case 'r' -> bytes.write('\r');
        case 'a' -> bytes.write(7);
        case 'b' -> bytes.write('\b');
        case 'f' -> bytes.write('\f');
        case 'v' -> bytes.write(11);
        case '\\', '\'', '"', '?' -> bytes.write(e);
        case 'x', 'X' -> bytes.write(digits(16, 2));
        default -> {
          if (e >= '0' && e <= '7') {
            pos--;
            bytes.write(digits(8, 3));
          } else {
            throw error("unknown escape '\\" + e + "' in a string");
          }
        }
      }
    }
  }

  private int digits(int radix, int max) {
    int value = 0;
    int n = 0;
    while (n < max && pos < text.length() && Character.digit(text.charAt(pos), radix) >= 0) {
      value = value * radix + Character.digit(text.charAt(pos++), radix);
      n++;
    }
    if (n == 0) {
      throw error("an escape in a string has no digits");
    }
    return value & 0xff;
  }

  private String identifier() {
    int start = pos;
    while (pos < text.length()
        && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private void skipSpaceAndComments() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        line++;
        pos++;
      } else if (Character.isWhitespace(c) || c == '\uFEFF') {
        pos++;
      } else if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : 0;
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static String describe(char c) {
    return Character.isISOControl(c) ? String.format("character 0x%02x", (int) c) : "'" + c + "'";
  }

  private CaffeFormatException error(String problem) {
    return new CaffeFormatException(source, "line " + line + ": " + problem
        + " (expected the protobuf text format of a Caffe NetParameter)");
  }
}
