# Writes the .npz fixtures of NpzTest with NumPy (run: python3 make_npz.py; NumPy 2.4.6 made the committed files).
import numpy as np

x_train = np.array([[1, 2], [3, 4], [5, 6]], dtype=np.float32)
y_train = np.array([0, 2, 1], dtype=np.int64)
x_test = np.array([[7.5, -8.0]], dtype=np.float64)
y_test = np.array([2], dtype=np.uint8)
np.savez("small.npz", x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
np.savez_compressed("small_compressed.npz", x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
# positional arrays become arr_0, arr_1; images of 2x2, big-endian int16, Fortran order; one-hot labels
images = np.asfortranarray(np.arange(12, dtype=">i2").reshape(3, 2, 2))
onehot = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1]], dtype=np.float32)
np.savez("positional.npz", images, onehot)
