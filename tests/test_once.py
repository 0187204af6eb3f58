"""claims.once.Once: the lazy, thread-safe loader of the embedding model and the weights."""
import threading
import time

from claims.once import Once


def test_threads_asking_at_once_share_one_load():
    made = []

    def make():
        time.sleep(0.05)  # long enough for every thread to arrive while the first is loading
        made.append(1)
        return object()

    value = Once(make)
    results = []
    threads = [threading.Thread(target=lambda: results.append(value())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1
    assert len({id(r) for r in results}) == 1


def test_made_once_until_forgotten():
    counter = iter(range(10))
    value = Once(lambda: next(counter))
    assert value() == 0 and value() == 0
    value.forget()
    assert value() == 1
