package io.github.colorize.onnx;

import static com.google.common.base.Preconditions.checkNotNull;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.colorize.Device;
import io.github.colorize.model.ModelFile;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendException;
import io.github.colorize.tensor.FloatTensor;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model loaded into one ONNX Runtime session. {@link #run} is safe from many threads at once
 * (ONNX Runtime sessions are); {@link #close} waits for runs in flight, so a native session is
 * never freed under a running call.
 */
final class OnnxBackend implements Backend {

  private static final Logger LOG = LoggerFactory.getLogger(OnnxBackend.class);

  private final OrtEnvironment env;
  private final OrtSession session;
  private final Device device;
  private final String source;
  private final String inputName;
  private final String outputName;
  private final Set<String> requestedOutputs;
  private final InputShape inputShape;
  private final int outputChannels;
  private final int outputStride;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  OnnxBackend(OrtEnvironment env, SessionOpener.Opened opened, ModelFile model) {
    this.env = env;
    this.session = opened.session();
    this.device = opened.device();
    this.source = model.source();
    this.inputName = model.inputName();
    this.outputName = model.outputName();
    this.requestedOutputs = Set.of(outputName);
    this.inputShape = new InputShape(model);
    this.outputChannels = model.outputChannels();
    this.outputStride = model.metadata().outputStride();
  }

  @Override
  public FloatTensor run(FloatTensor input) {
    checkNotNull(input, "input");
    int[] shape = input.shape();
    inputShape.check(shape);
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the onnx backend for model " + source
            + " is closed; open a new one");
      }
      // A heap buffer: ONNX Runtime copies it once into native memory, the only copy on the way in.
      try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(input.data()),
              input.longShape());
          OrtSession.Result result = session.run(Map.of(inputName, in), requestedOutputs)) {
        return toFloatTensor(result.get(0), shape);
      } catch (OrtException e) {
        throw new BackendException("ONNX Runtime failed to run model " + source + " on input "
            + Arrays.toString(shape) + ": " + e.getMessage(), e);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  private FloatTensor toFloatTensor(OnnxValue value, int[] inputShape) {
    if (!(value instanceof OnnxTensor tensor)
        || tensor.getInfo().type != OnnxJavaType.FLOAT) {
      throw new BackendException("model " + source + " output '" + outputName + "' is "
          + value.getInfo() + ", expected a float tensor");
    }
    long[] dims = tensor.getInfo().getShape();
    int[] expected = {inputShape[0], outputChannels, inputShape[2] / outputStride,
        inputShape[3] / outputStride};
    int[] actual = Arrays.stream(dims).mapToInt(Math::toIntExact).toArray();
    if (!Arrays.equals(actual, expected)) {
      throw new BackendException("model " + source + " produced output " + Arrays.toString(actual)
          + " for input " + Arrays.toString(inputShape) + ", expected " + Arrays.toString(expected)
          + " (its metadata says " + outputChannels + " channels at stride " + outputStride + ")");
    }
    return FloatTensor.of(OrtTensors.floats(tensor), actual);
  }

  @Override
  public String name() {
    return OnnxBackendProvider.NAME;
  }

  @Override
  public Device device() {
    return device;
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        session.close();
      } catch (OrtException e) {
        LOG.warn("closing the ONNX Runtime session of model {} failed: {}", source,
            e.getMessage());
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "OnnxBackend[" + source + " on " + device + "]";
  }
}
