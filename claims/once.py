"""A value made on first use, once per process: the embedding model, the check-worthiness weights.

Double-checked locking: after the first call, asking costs one attribute read and no lock; the lock
only makes threads that ask at the same moment, before the value exists, wait for one load instead
of each loading it (a web worker runs several threads).
"""
import threading

_NOT_YET = object()


class Once:
    def __init__(self, make):
        self._make = make
        self._value = _NOT_YET
        self._lock = threading.Lock()

    def __call__(self):
        if self._value is _NOT_YET:
            with self._lock:
                if self._value is _NOT_YET:
                    self._value = self._make()
        return self._value

    def forget(self):
        """Make it again on the next call (new weights were written; tests)."""
        with self._lock:
            self._value = _NOT_YET
