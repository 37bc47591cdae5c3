"""Nodes authenticated by the public keys their stewards registered: the engine registers exactly
those keys with the SuperLink, and refuses at once a node whose own key is not the registered
one. The end-to-end case runs real processes and is marked like test_deployment.py."""

from __future__ import annotations

import pytest

from concord.research.fl import demo_datasets, demo_spec, node_key_files, run_deployment
from concord.research.fl.deployment import NODE_KEY, registered_key_pair

PORT = 19150  # this helper's range; the SuperNodes take the next two


def test_a_registered_key_is_used_when_the_nodes_own_key_matches_it(tmp_path):
    node = tmp_path / "node"
    public = node_key_files(node)
    assert public.startswith("ecdsa-sha2-nistp384 ")
    private, registered = registered_key_pair(tmp_path, "alpha", node, public + " steward@site")
    assert private == node / NODE_KEY
    assert registered.read_text() == public  # the comment dropped, the key itself kept


def test_a_node_whose_key_is_not_the_registered_one_is_refused(tmp_path):
    node = tmp_path / "node"
    node_key_files(node)
    other = node_key_files(tmp_path / "elsewhere")
    with pytest.raises(RuntimeError, match="not the public key registered"):
        registered_key_pair(tmp_path, "alpha", node, other)
    with pytest.raises(RuntimeError, match="not on this machine"):
        registered_key_pair(tmp_path, "beta", tmp_path / "empty", other)


@pytest.mark.deployment
@pytest.mark.xdist_group("deployment")
@pytest.mark.one_pass  # the engine touches no database
def test_a_run_authenticates_nodes_with_their_registered_keys(tmp_path, approved_hash):
    dirs = demo_datasets(tmp_path / "parties", ["alpha", "beta"], seed=11)
    keys = {party: node_key_files(directory) for party, directory in dirs.items()}
    spec = demo_spec("cox", rounds=1)
    result = run_deployment(
        spec,
        dirs,
        approved_hash,
        spec.digest(),
        base_port=PORT,
        work_dir=tmp_path / "run",
        timeout=240,
        public_keys=keys,
    )
    assert set(result.per_party) == set(dirs)
    for party, key in keys.items():
        assert (tmp_path / "run" / f"{party}_key.pub").read_text() == key
        assert not (tmp_path / "run" / f"{party}_key").exists()  # no pair made for the run
