"""Writes foreign-ab-stride1.onnx with the official onnx Python package (Debian python3-onnx),
shaped like a PyTorch export of the colorization port: Constant nodes, an INT64 shape initializer,
an empty roi initializer for Resize, initializers also listed as graph inputs, value_info, and no
colorize metadata. Tests read it to check colorize's own protobuf codec against a third-party
writer. Regenerate with: /usr/bin/python3 make_foreign_model.py
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(2016)
w1 = numpy_helper.from_array(rng.normal(0, 0.5, (4, 1, 3, 3)).astype(np.float32), "conv1.weight")
# Not raw_data: float_data and int64_data, which protobuf writes packed.
b1 = helper.make_tensor("conv1.bias", TensorProto.FLOAT, [4],
                        rng.normal(0, 0.1, (4,)).astype(np.float32).tolist())
w2 = numpy_helper.from_array(rng.normal(0, 0.5, (2, 4, 1, 1)).astype(np.float32), "conv2.weight")
shape = helper.make_tensor("shape", TensorProto.INT64, [4], [1, 2, 4, 4])
roi = numpy_helper.from_array(np.zeros((0,), dtype=np.float32), "roi")

nodes = [
    helper.make_node("Conv", ["l", "conv1.weight", "conv1.bias"], ["c1"], name="Conv_0",
                     kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[4, 4]),
    helper.make_node("Relu", ["c1"], ["r1"], name="Relu_1"),
    helper.make_node("Conv", ["r1", "conv2.weight", ""], ["c2"], name="Conv_2",
                     kernel_shape=[1, 1]),
    helper.make_node("Constant", [], ["k110"], name="Constant_3",
                     value=numpy_helper.from_array(np.array(110.0, dtype=np.float32))),
    helper.make_node("Mul", ["c2", "k110"], ["m"], name="Mul_4"),
    helper.make_node("Reshape", ["m", "shape"], ["m2"], name="Reshape_5"),
    helper.make_node("Constant", [], ["scales"], name="Constant_6",
                     value=numpy_helper.from_array(np.array([1, 1, 4, 4], dtype=np.float32))),
    helper.make_node("Resize", ["m2", "roi", "scales"], ["ab"], name="Resize_7",
                     mode="linear", coordinate_transformation_mode="half_pixel"),
]
inputs = [helper.make_tensor_value_info("l", TensorProto.FLOAT, [1, 1, 16, 16])]
# keep_initializers_as_inputs=True style: weights listed among the inputs too.
inputs += [helper.make_tensor_value_info(t.name, t.data_type, list(t.dims))
           for t in (w1, b1, w2)]
graph = helper.make_graph(
    nodes, "torch_jit", inputs,
    [helper.make_tensor_value_info("ab", TensorProto.FLOAT, [1, 2, 16, 16])],
    initializer=[w1, b1, w2, shape, roi],
    value_info=[helper.make_tensor_value_info("c1", TensorProto.FLOAT, [1, 4, 4, 4])],
    doc_string="a foreign graph")
model = helper.make_model(graph, producer_name="pytorch", producer_version="1.13.1",
                          opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 7
helper.set_model_props(model, {"author": "make_foreign_model.py"})
onnx.checker.check_model(model, full_check=True)
onnx.save(model, "foreign-ab-stride1.onnx")
