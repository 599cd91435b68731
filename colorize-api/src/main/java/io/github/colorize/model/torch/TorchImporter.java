package io.github.colorize.model.torch;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.hash.Hashing;
import com.google.common.hash.HashingInputStream;
import io.github.colorize.model.InputNormalization;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a PyTorch state dict of the authors' {@code colorizers} package (the ECCVGenerator of
 * "Colorful Image Colorization", Zhang, Isola &amp; Efros, ECCV 2016, e.g. their
 * {@code colorization_release_v2-9b330a0b.pth}) as a colorize model file that every backend runs.
 *
 * <pre>{@code
 * ModelFile model = TorchImporter.importModel(Path.of("colorization_release_v2-9b330a0b.pth"));
 * ModelWriter.write(Path.of("eccv16.onnx"), model);
 * }</pre>
 *
 * <p>Both formats {@code torch.save} writes are read: the zip container (PyTorch 1.6 and later)
 * and the older single stream. The pickle inside is read by Pyrolite restricted to what a state
 * dict holds (an {@code OrderedDict} of tensors rebuilt from float storages); any other class it
 * names is refused by name, so a file from the internet never runs code or builds objects.
 *
 * <p>The file holds the eccv16 network with a logits output (ECCVGenerator's softmax and
 * {@code model_out} are dropped: the decoder does their work at any temperature). Its metadata
 * records:
 * <ul>
 *   <li>input normalization {@code (L-50)/100}, as {@code colorizers}' {@code normalize_l};
 *   <li>the recommended temperature {@value #RELEASE_TEMPERATURE} (1 / 2.606), the authors'
 *       deploy net's: the same as {@link io.github.colorize.model.caffe.CaffeImporter} gives the
 *       same release, so the name {@code eccv16} colors alike from either source.
 *       {@code colorizers} itself decodes with a plain softmax mean (T = 1), which gives duller
 *       colors; pass temperature 1 to reproduce it;
 *   <li>the file's name and SHA-256 ({@link #SOURCE_FILE}, {@link #SOURCE_SHA256}), its format
 *       ({@link #SOURCE_FORMAT} {@value #PYTORCH}), and a model card naming them.
 * </ul>
 */
public final class TorchImporter {

  private static final Logger LOG = LoggerFactory.getLogger(TorchImporter.class);

  /** {@link ModelMetadata#extra()} name: the format imported from, {@value #PYTORCH}. */
  public static final String SOURCE_FORMAT = "source_format";
  /** The value of {@link #SOURCE_FORMAT} for PyTorch. */
  public static final String PYTORCH = "pytorch";
  /** {@link ModelMetadata#extra()} name: the {@code .pth} file's name. */
  public static final String SOURCE_FILE = "source_file";
  /** {@link ModelMetadata#extra()} name: the {@code .pth} file's SHA-256, lower-case hex. */
  public static final String SOURCE_SHA256 = "source_sha256";
  /** The authors' deploy net scales the logits by 2.606 before its softmax: T = 1 / 2.606. */
  public static final double RELEASE_TEMPERATURE = 1 / 2.606;
  /** Where the authors publish {@code colorizers}. */
  public static final String AUTHORS_REPOSITORY = "https://github.com/richzhang/colorization";

  private TorchImporter() {}

  /**
   * Imports a {@code .pth} state dict of the colorizers ECCVGenerator (any width).
   *
   * @param pth the file written by {@code torch.save(model.state_dict(), ...)}
   * @return the model, in memory; save it with {@link io.github.colorize.model.ModelWriter}
   * @throws TorchFormatException if the file is not such a state dict (the message names the
   *     file and the key or class)
   * @throws IOException if the file cannot be read
   */
  public static ModelFile importModel(Path pth) throws IOException {
    checkNotNull(pth, "pth");
    Map<String, TorchTensor> stateDict = StateDictReader.read(pth);
    Eccv16TorchMapper.Mapped mapped = Eccv16TorchMapper.map(pth.toString(), stateDict);
    String hash = sha256(pth);
    String name = pth.getFileName() == null ? pth.toString() : pth.getFileName().toString();
    ModelMetadata metadata = mapped.network().defaultMetadata().toBuilder()
        .inputNormalization(InputNormalization.PYTORCH)
        .temperature(RELEASE_TEMPERATURE)
        .modelCard(String.format(Locale.ROOT, "Imported from the PyTorch state dict %s (sha256"
            + " %s) of the colorizers ECCVGenerator: the network of Zhang, Isola & Efros,"
            + " \"Colorful Image Colorization\", ECCV 2016 (eccv16, width %s; the authors'"
            + " release is published at %s under the BSD-2-Clause licence). Input (L-50)/100;"
            + " output the logits of the 313 ab bins at 1/4 resolution; recommended temperature"
            + " %.4f (1/2.606, the authors' deploy net; colorizers decodes at T = 1).", name,
            hash, mapped.network().width(), AUTHORS_REPOSITORY, RELEASE_TEMPERATURE))
        .extra(SOURCE_FORMAT, PYTORCH)
        .extra(SOURCE_FILE, name)
        .extra(SOURCE_SHA256, hash)
        .build();
    ModelFile model = ModelFile.of(mapped.network(), mapped.weights(), metadata);
    LOG.info("imported PyTorch state dict {} ({} keys): eccv16 width {}, {} parameters", pth,
        stateDict.size(), mapped.network().width(), model.onnx().graph().parameterCount());
    return model;
  }

  /** The SHA-256 of a file, lower-case hex. */
  static String sha256(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        HashingInputStream in = new HashingInputStream(Hashing.sha256(), raw)) {
      in.transferTo(OutputStream.nullOutputStream());
      return in.hash().toString();
    }
  }
}
