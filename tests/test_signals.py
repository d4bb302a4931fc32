"""signals_held: SIGINT and SIGTERM held through a step, delivered after it, and nothing left
held or replaced, whichever thread the signal reaches."""

from __future__ import annotations

import os
import signal
import threading
import time

from sheets.signals import signals_held


def test_a_signal_sent_meanwhile_is_delivered_after_and_nothing_stays_held():
    caught: list[int] = []

    def handler(number, frame):
        caught.append(number)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        with signals_held():
            # Sent from another thread: it reaches a thread that does not block it (noted at
            # once), or waits for this one (delivered as it is let through); once either way.
            sender = threading.Thread(target=os.kill, args=(os.getpid(), signal.SIGTERM))
            sender.start()
            sender.join()
            time.sleep(0.05)
            assert caught == []
        assert caught == [signal.SIGTERM]
        assert signal.getsignal(signal.SIGTERM) is handler
        assert not {signal.SIGINT, signal.SIGTERM} & signal.pthread_sigmask(signal.SIG_BLOCK, [])
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_a_handler_raising_as_they_are_restored_still_leaves_nothing_held():
    def stop(number, frame):
        raise RuntimeError("stopped")

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        try:
            with signals_held():
                os.kill(os.getpid(), signal.SIGTERM)
        except RuntimeError:
            pass
        else:
            raise AssertionError("the held signal was not delivered")
        assert signal.getsignal(signal.SIGTERM) is stop
        assert not {signal.SIGINT, signal.SIGTERM} & signal.pthread_sigmask(signal.SIG_BLOCK, [])
    finally:
        signal.signal(signal.SIGTERM, previous)
