"""OpenCV's dnn colorization sample (samples/dnn/colorization.py of OpenCV 4.x), made a batch:
the authors' Caffe model, the 313 bin centers put into class8_ab and the 2.606 logit scale into
conv8_313_rh as the sample does, L - 50 at 224 x 224, ab upsampled to the photo and joined with
its L. The memory and time reference of docs/BENCHMARKS.md ("Memory with the paper-size
network"); run it as a whole process under /usr/bin/time -v.

    /usr/bin/python3 opencv_colorization.py PROTOTXT CAFFEMODEL PTS_IN_HULL.tsv IN_DIR OUT_DIR

Needs Debian's python3-opencv (apt-get install python3-opencv).
"""
import os
import sys

import cv2 as cv
import numpy as np


def main(prototxt, caffemodel, hull, in_dir, out_dir):
    net = cv.dnn.readNetFromCaffe(prototxt, caffemodel)
    pts = np.loadtxt(hull, dtype=np.float32).transpose().reshape(2, 313, 1, 1)
    net.getLayer(net.getLayerId("class8_ab")).blobs = [pts]
    net.getLayer(net.getLayerId("conv8_313_rh")).blobs = [np.full([1, 313], 2.606, np.float32)]
    os.makedirs(out_dir, exist_ok=True)
    for name in sorted(os.listdir(in_dir)):
        img_rgb = (cv.imread(os.path.join(in_dir, name))[:, :, [2, 1, 0]] / 255.0).astype(
            np.float32)
        img_lab = cv.cvtColor(img_rgb, cv.COLOR_RGB2Lab)
        img_l = img_lab[:, :, 0]
        h, w = img_rgb.shape[:2]
        img_l_rs = cv.resize(img_l, (224, 224)) - 50
        net.setInput(cv.dnn.blobFromImage(img_l_rs))
        ab = net.forward()[0, :, :, :].transpose((1, 2, 0))
        ab_us = cv.resize(ab, (w, h))
        img_lab_out = np.concatenate((img_l[:, :, np.newaxis], ab_us), axis=2)
        img_bgr_out = np.clip(cv.cvtColor(img_lab_out, cv.COLOR_Lab2BGR), 0, 1)
        cv.imwrite(os.path.join(out_dir, os.path.splitext(name)[0] + "-color.png"),
                   (img_bgr_out * 255).astype(np.uint8))
    print("colorized", len(os.listdir(in_dir)), "photos with OpenCV", cv.__version__)


if __name__ == "__main__":
    main(*sys.argv[1:6])
