# Writes sklearn_split.txt, the fixture of NumpyRandomStateTest and SplitsTest (run: python3 make_sklearn_split.py;
# NumPy 2.4.6 made the committed file). Needs NumPy only: scikit-learn's train_test_split rule is applied by hand
# (n_test = ceil(test_size * n), n_train = n - n_test, test = permutation[:n_test], train = the rest, with the
# permutation of numpy.random.RandomState(random_state)), and so is Keras' validation_split (the last
# n - int(n * (1 - fraction)) rows, unshuffled).
#
# Format: one "key: values" line each, values separated by spaces; "#" starts a comment line.
#   raw <seed> <count>                     the first raw 32-bit MT19937 outputs after RandomState(seed)
#   permutation <seed> <n>                 RandomState(seed).permutation(n), in full
#   permutation <seed> <n> head|tail <k>   its first or last k entries
#   permutation <seed> <n> sha256          SHA-256 of the permutation as little-endian int32 values
#   sklearn-sizes <n> <test_size>          n_train n_test
#   keras-sizes <n> <fraction>             n_train n_validation
#   split <seed> <n> <test_size> train|test           the part's indices, in full
#   jets <part> count|head 50|tail 50|sha256          the HGQ jet recipe on 830,000 rows: train_test_split(
#                                                     test_size=0.2, random_state=42), validation_split=0.15
import hashlib
import math

import numpy as np


def sha256(indices):
    return hashlib.sha256(np.asarray(indices, dtype="<i4").tobytes()).hexdigest()


def sklearn_indices(n, test_size, seed):
    n_test = math.ceil(test_size * n)
    n_train = n - n_test
    permutation = np.random.RandomState(seed).permutation(n)
    return permutation[n_test:n_test + n_train], permutation[:n_test]


def keras_split_at(n, fraction):
    return int(n * (1.0 - fraction))


def values(a):
    return " ".join(str(int(v)) for v in a)


lines = [f"# NumPy {np.__version__} legacy RandomState; written by make_sklearn_split.py, do not edit"]
# seed 42 past the second regeneration of the 624-word state, the others just the start
for seed, count in ((42, 1300), (0, 10), (4294967295, 10)):
    raw = np.random.RandomState(seed)._bit_generator.random_raw(count)
    lines.append(f"raw {seed} {count}: {values(raw)}")
# small n; 65 and 1025 make random_interval reject often (max just above a power of two); seed 2**32 - 1 is the top
for seed, n in ((42, 0), (42, 1), (42, 2), (42, 10), (0, 100), (1, 65), (4294967295, 257), (42, 1000),
                (7, 1025)):
    lines.append(f"permutation {seed} {n}: {values(np.random.RandomState(seed).permutation(n))}")
for seed, n in ((123, 5000), (42, 830000)):
    permutation = np.random.RandomState(seed).permutation(n)
    lines.append(f"permutation {seed} {n} head 50: {values(permutation[:50])}")
    lines.append(f"permutation {seed} {n} tail 50: {values(permutation[-50:])}")
    lines.append(f"permutation {seed} {n} sha256: {sha256(permutation)}")
# sizes where the float product is just off a whole number: sklearn's ceil and Keras' int() see the rounding error
for n, test_size in ((830000, 0.2), (1000, 0.2), (100, 0.07), (50, 0.14), (100, 0.29), (10, 0.3), (7, 0.5),
                     (1001, 0.25), (2, 0.5), (3, 0.5)):
    n_test = math.ceil(test_size * n)
    lines.append(f"sklearn-sizes {n} {test_size!r}: {n - n_test} {n_test}")
for n, fraction in ((664000, 0.15), (664000, 0.1), (1000, 0.33), (100, 0.55), (10, 0.8), (1001, 0.2), (7, 0.45),
                    (2, 0.5)):
    at = keras_split_at(n, fraction)
    lines.append(f"keras-sizes {n} {fraction!r}: {at} {n - at}")
for seed, n, test_size in ((42, 1000, 0.2), (0, 100, 0.07), (3, 13, 0.5)):
    train, test = sklearn_indices(n, test_size, seed)
    lines.append(f"split {seed} {n} {test_size!r} train: {values(train)}")
    lines.append(f"split {seed} {n} {test_size!r} test: {values(test)}")
train80, test = sklearn_indices(830000, 0.2, 42)
at = keras_split_at(len(train80), 0.15)
parts = (("train80", train80), ("train", train80[:at]), ("validation", train80[at:]), ("test", test))
for name, part in parts:
    lines.append(f"jets {name} count: {len(part)}")
    lines.append(f"jets {name} head 50: {values(part[:50])}")
    lines.append(f"jets {name} tail 50: {values(part[-50:])}")
    lines.append(f"jets {name} sha256: {sha256(part)}")
with open("sklearn_split.txt", "w") as out:
    out.write("\n".join(lines) + "\n")
