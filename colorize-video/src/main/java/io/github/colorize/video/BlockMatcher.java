package io.github.colorize.video;

/**
 * Estimates motion between two frames on the network's output grid by block matching,
 * coarse to fine: a search of whole cells within the radius on the cell grid, then a refinement
 * of one half cell on a grid twice as fine. Each cell is matched by the 3 x 3 cells around it (6 x
 * 6 half cells), by the sum of absolute differences of L.
 *
 * <p>Each candidate's cost is its SAD plus {@value #PENALTY} L per pixel of the patch and cell
 * of displacement ({@code |dx| + |dy|}): sensor noise then cannot pass for motion on a still
 * scene (without the penalty, a noisy still scene "moved" by chance, and the warped past blurred:
 * measured 3x the flicker of a still camera on such a clip).
 *
 * <p>Cheap on purpose (a few million additions a frame at 56 x 56 cells): it needs to say where
 * the colors of the previous frame went, not to be an optical flow of record.
 */
final class BlockMatcher {

  /** Cost of a cell of displacement, in L per patch pixel. */
  static final float PENALTY = 1.0f;

  private BlockMatcher() {}

  /**
   * The motion from {@code previous} to {@code current}, two guides of {@code 2w x 2h} (L on a
   * grid of half cells).
   *
   * @param radius search radius in cells; 0 compares each cell with itself only
   */
  static MotionField match(float[] previous, float[] current, int w, int h, int radius) {
    int fw = 2 * w;
    int fh = 2 * h;
    float[] prevCoarse = halve(previous, fw, fh);
    float[] curCoarse = halve(current, fw, fh);
    int n = w * h;
    float[] dx = new float[n];
    float[] dy = new float[n];
    float[] error = new float[n];
    for (int cy = 0; cy < h; cy++) {
      for (int cx = 0; cx < w; cx++) {
        // Coarse: whole cells, 3 x 3 patch. Ties keep the smallest motion (searched first).
        int bestX = 0;
        int bestY = 0;
        float best = sad(prevCoarse, curCoarse, w, h, cx, cy, 0, 0, 1);
        for (int r = 1; r <= radius; r++) {
          for (int oy = -r; oy <= r; oy++) {
            for (int ox = -r; ox <= r; ox++) {
              if (Math.max(Math.abs(ox), Math.abs(oy)) != r) {
                continue;
              }
              float s = sad(prevCoarse, curCoarse, w, h, cx, cy, ox, oy, 1)
                  + 9 * PENALTY * (Math.abs(ox) + Math.abs(oy));
              if (s < best) {
                best = s;
                bestX = ox;
                bestY = oy;
              }
            }
          }
        }
        // Fine: half cells around the coarse answer, 6 x 6 patch.
        int fx = 2 * cx;
        int fy = 2 * cy;
        int fineX = 2 * bestX;
        int fineY = 2 * bestY;
        float fineBest = sadFine(previous, current, fw, fh, fx, fy, fineX, fineY)
            + fineCost(fineX, fineY);
        int baseX = fineX;
        int baseY = fineY;
        for (int oy = -1; oy <= 1; oy++) {
          for (int ox = -1; ox <= 1; ox++) {
            if (ox == 0 && oy == 0) {
              continue;
            }
            float s = sadFine(previous, current, fw, fh, fx, fy, baseX + ox, baseY + oy)
                + fineCost(baseX + ox, baseY + oy);
            if (s < fineBest) {
              fineBest = s;
              fineX = baseX + ox;
              fineY = baseY + oy;
            }
          }
        }
        int i = cy * w + cx;
        dx[i] = fineX * 0.5f;
        dy[i] = fineY * 0.5f;
        error[i] = (fineBest - fineCost(fineX, fineY)) / 36f;
      }
    }
    return new MotionField(w, h, dx, dy, error);
  }

  /** Each cell compared with the same cell of the previous frame (no motion search). */
  static MotionField still(float[] previous, float[] current, int w, int h) {
    int fw = 2 * w;
    int fh = 2 * h;
    float[] error = new float[w * h];
    for (int cy = 0; cy < h; cy++) {
      for (int cx = 0; cx < w; cx++) {
        error[cy * w + cx] = sadFine(previous, current, fw, fh, 2 * cx, 2 * cy, 0, 0) / 36f;
      }
    }
    return MotionField.still(w, h, error);
  }

  /** The penalty of a displacement in half cells, on the 36-pixel fine patch. */
  private static float fineCost(int x, int y) {
    return 36 * PENALTY * 0.5f * (Math.abs(x) + Math.abs(y));
  }

  /** A grid of half the size, each value the mean of a 2 x 2 block. */
  private static float[] halve(float[] fine, int fw, int fh) {
    int w = fw / 2;
    int h = fh / 2;
    float[] out = new float[w * h];
    for (int y = 0; y < h; y++) {
      int r0 = 2 * y * fw;
      int r1 = r0 + fw;
      for (int x = 0; x < w; x++) {
        int c = 2 * x;
        out[y * w + x] = 0.25f * (fine[r0 + c] + fine[r0 + c + 1] + fine[r1 + c] + fine[r1 + c + 1]);
      }
    }
    return out;
  }

  /** SAD of the (2k+1)^2 patch around (x, y) in current against previous moved by (ox, oy). */
  private static float sad(float[] prev, float[] cur, int w, int h, int x, int y, int ox, int oy,
      int k) {
    float sum = 0;
    for (int py = -k; py <= k; py++) {
      int cy = clamp(y + py, h);
      int sy = clamp(y + py + oy, h);
      for (int px = -k; px <= k; px++) {
        sum += Math.abs(cur[cy * w + clamp(x + px, w)] - prev[sy * w + clamp(x + px + ox, w)]);
      }
    }
    return sum;
  }

  /** SAD of the 6 x 6 half-cell patch centred on the cell whose top-left half cell is (x, y). */
  private static float sadFine(float[] prev, float[] cur, int fw, int fh, int x, int y, int ox,
      int oy) {
    float sum = 0;
    for (int py = -2; py < 4; py++) {
      int cy = clamp(y + py, fh);
      int sy = clamp(y + py + oy, fh);
      for (int px = -2; px < 4; px++) {
        sum += Math.abs(cur[cy * fw + clamp(x + px, fw)] - prev[sy * fw + clamp(x + px + ox, fw)]);
      }
    }
    return sum;
  }

  private static int clamp(int v, int size) {
    return v < 0 ? 0 : v >= size ? size - 1 : v;
  }
}
