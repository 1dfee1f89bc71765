"""A small run of the load benchmark in the normal suite: about 50 phones for about
10 s against a real `workshop serve`. It asserts no timing (the figures are
printed), only that every phone connected and no acknowledged write is missing."""

import pytest

from benchmarks import bench

pytestmark = pytest.mark.slow


def test_fifty_phones_connect_and_every_acknowledged_write_is_stored(tmp_path, capsys):
    result = bench.main(["--smoke", "--out", str(tmp_path / "smoke.json")])
    print(capsys.readouterr().out)

    connect, writes = result["connect"], result["writes"]
    assert connect["failed"] == 0, connect["failures"]
    assert connect["connected"] == connect["phones"] == 50
    assert result["still_connected_at_end"] == 50
    votes_acked = sum(phase["votes_acked"] for phase in result["phases"].values())
    assert votes_acked > 0 and writes["ideas"][0] > 0
    assert writes["missing"] == 0, writes
    assert writes["found"] == writes["acknowledged"]
    assert (tmp_path / "smoke.json").exists()
