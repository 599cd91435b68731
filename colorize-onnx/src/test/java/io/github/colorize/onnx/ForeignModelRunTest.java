package io.github.colorize.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.github.colorize.model.MetadataKeys;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelMetadata;
import io.github.colorize.model.OutputKind;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.tensor.FloatTensor;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A PyTorch-style export written by the onnx Python package (generator:
 * colorize-api/src/test/resources/io/github/colorize/model/make_foreign_model.py): ab output at
 * full resolution (stride 1), Constant nodes, an INT64 Reshape shape, Resize.
 */
class ForeignModelRunTest {

  @Test
  void labelledForeignExportRunsLikeTheOriginalBytes() throws Exception {
    ModelMetadata ab = ModelMetadata.builder().outputKind(OutputKind.AB).outputStride(1).build();
    ModelFile original = ModelFile.classpath("foreign-ab-stride1.onnx", ab);
    ModelFile labelled = original.withMetadata(ab.toBuilder()
        .extra(MetadataKeys.LICENSE, "MIT").build());
    FloatTensor input = TestModels.input(77, 1, 16, 16);

    float[] bare;
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      // The file lists weights among its inputs on purpose; ORT warns about that on stderr.
      options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      bare = runBare(env, original, input, options);
    }

    try (Backend backend = new OnnxBackendProvider().open(labelled, BackendOptions.defaults())) {
      FloatTensor out = backend.run(input);
      assertThat(out.shape()).containsExactly(1, 2, 16, 16);
      assertThat(out.maxAbs()).isGreaterThan(1f).isFinite();
      assertThat(out.data()).containsExactly(bare);
      assertThatThrownBy(() -> backend.run(TestModels.input(1, 1, 32, 32)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only accepts 16");
    }
  }

  private static float[] runBare(OrtEnvironment env, ModelFile model, FloatTensor input,
      OrtSession.SessionOptions options) throws OrtException {
    try (OrtSession session = env.createSession(model.bytes(), options);
        OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(input.data()),
            input.longShape());
        OrtSession.Result result = session.run(Map.of("l", in))) {
      FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] data = new float[out.remaining()];
      out.get(data);
      return data;
    }
  }
}
