package io.github.colorize.image;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the EXIF orientation tag with metadata-extractor. A missing, unreadable or out-of-range
 * tag means {@link ExifOrientation#TOP_LEFT}: metadata is advisory, and a photo whose pixels
 * decoded fine must not fail because of its EXIF block.
 */
final class OrientationReader {

  private static final Logger log = LoggerFactory.getLogger(OrientationReader.class);

  private OrientationReader() {}

  static ExifOrientation read(Path file) {
    try {
      return fromMetadata(ImageMetadataReader.readMetadata(file.toFile()), file.toString());
    } catch (ImageProcessingException | MetadataException | IOException | RuntimeException e) {
      log.debug("{}: no readable EXIF orientation ({}), taking it as upright", file, e.toString());
      return ExifOrientation.TOP_LEFT;
    }
  }

  static ExifOrientation read(byte[] bytes, String source) {
    try {
      return fromMetadata(ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes)),
          source);
    } catch (ImageProcessingException | MetadataException | IOException | RuntimeException e) {
      log.debug("{}: no readable EXIF orientation ({}), taking it as upright", source,
          e.toString());
      return ExifOrientation.TOP_LEFT;
    }
  }

  private static ExifOrientation fromMetadata(Metadata metadata, String source)
      throws MetadataException {
    // IFD0 holds the main image's orientation; IFD1 (the thumbnail's) is another directory type.
    for (ExifIFD0Directory dir : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
      if (dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
        int tag = dir.getInt(ExifIFD0Directory.TAG_ORIENTATION);
        if (tag < 1 || tag > 8) {
          log.warn("{}: EXIF orientation {} is out of range 1..8, ignored", source, tag);
          return ExifOrientation.TOP_LEFT;
        }
        return ExifOrientation.fromTag(tag);
      }
    }
    return ExifOrientation.TOP_LEFT;
  }
}
