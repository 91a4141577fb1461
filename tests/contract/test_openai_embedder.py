"""OpenAIEmbedder driven through the real ``openai`` client against the loopback stand-in."""

from __future__ import annotations

import base64
import time

import numpy as np
import pytest

from movierec_gui.core.embedders.base import Embedder
from movierec_gui.core.embedders.openai_api import (
    MAX_INPUTS_PER_REQUEST,
    MAX_REFITS,
    MAX_TOKENS_PER_INPUT,
    MAX_TOKENS_PER_REQUEST,
    OpenAIEmbedder,
    estimate_cost_usd,
    estimate_tokens,
    is_paid,
)
from movierec_gui.core.errors import EmbeddingServiceError, QuotaExceededError
from tests.contract.openai_standin import OpenAIStandIn, count_tokens, expected_vector

pytestmark = [pytest.mark.contract, pytest.mark.usefixtures("fast_openai_retries"), pytest.mark.timeout(60)]

FILMS = [
    "A young wizard attends a school of magic and fights a dark lord.",
    "Two astronauts are stranded on Mars and must grow food to survive.",
    "A school of magic hides a secret chamber and a wizard duel.",
    "A detective hunts a serial killer through a rainy city.",
]


def make(server: OpenAIStandIn, **kwargs) -> OpenAIEmbedder:
    kwargs.setdefault("api_key", server.api_key)
    kwargs.setdefault("base_url", server.base_url)
    kwargs.setdefault("timeout", 5.0)
    return OpenAIEmbedder(**kwargs)


def assert_clean(message: str, server: OpenAIStandIn) -> None:
    key = server.api_key or ""
    assert key not in message
    assert "sk-" not in message and key[-4:] not in message


# -- normal operation ---------------------------------------------------------------------


def test_identity_of_openai_models_needs_no_request():
    emb = OpenAIEmbedder(api_key="sk-identity-secret")
    assert isinstance(emb, Embedder)
    assert (emb.dims, emb.name) == (1536, "openai-text-embedding-3-small-1536")
    assert emb.fingerprint == "openai-api:text-embedding-3-small:1536@https://api.openai.com/v1"
    assert OpenAIEmbedder(api_key="k", dimensions=256).name == "openai-text-embedding-3-small-256"
    assert OpenAIEmbedder(api_key="k", model="text-embedding-3-large").dims == 3072
    assert OpenAIEmbedder(api_key="k", model="text-embedding-ada-002").dims == 1536
    assert "secret" not in repr(emb)


def test_identity_of_compatible_servers_is_filesystem_safe():
    emb = OpenAIEmbedder(
        api_key=None, model="nomic-embed-text:latest", dimensions=768, base_url="http://me:pw@LocalHost:11434/v1/"
    )
    assert emb.name == "compat-localhost-11434-nomic-embed-text-latest-768"
    assert emb.fingerprint == "openai-api:nomic-embed-text:latest:768@http://localhost:11434/v1"
    assert "pw" not in repr(emb) and not emb.is_openai


def test_empty_or_short_answers_are_known_errors(openai_standin):
    from tests.contract.openai_standin import Scripted

    empty = {"object": "list", "data": [], "model": "m", "usage": {"prompt_tokens": 0, "total_tokens": 0}}
    one = dict(empty, data=[{"object": "embedding", "index": 0, "embedding": [0.5] * 1536}])
    openai_standin.push(Scripted(200, empty), Scripted(200, one))
    emb = make(openai_standin)
    with pytest.raises(EmbeddingServiceError, match="unusable answer"):
        emb.embed(FILMS)
    with pytest.raises(EmbeddingServiceError, match="1 embeddings for 4 texts"):
        emb.embed(FILMS)


def test_embed_returns_unit_rows_matching_the_server(openai_standin):
    emb = make(openai_standin)
    port = openai_standin.url.rsplit(":", 1)[1]
    assert (emb.dims, emb.name) == (1536, f"compat-127.0.0.1-{port}-text-embedding-3-small-1536")
    assert openai_standin.requests == []  # known model: no probe

    out = emb.embed(FILMS)

    assert out.shape == (4, 1536) and out.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)
    for text, row in zip(FILMS, out, strict=True):
        np.testing.assert_allclose(row, expected_vector(text, "text-embedding-3-small"), atol=1e-5)
    scores = out @ out[0]
    assert scores[2] > scores[1] and scores[2] > scores[3]  # the other magic school film is nearest
    (req,) = openai_standin.requests
    assert req.path == "/v1/embeddings" and req.headers["authorization"] == f"Bearer {openai_standin.api_key}"
    assert req.body["model"] == "text-embedding-3-small" and "dimensions" not in req.body


def test_base64_is_the_default_encoding(openai_standin):
    make(openai_standin).embed(FILMS[:2])
    assert openai_standin.requests[0].body["encoding_format"] == "base64"


def test_a_server_answering_float_lists_works_too(openai_standin_factory):
    server = openai_standin_factory(float_only=True)
    out = make(server).embed(FILMS)
    np.testing.assert_allclose(out[1], expected_vector(FILMS[1], "text-embedding-3-small"), atol=1e-5)


def test_stand_in_base64_is_little_endian_float32(openai_standin):
    # Guards the stand-in itself: decode its answer by hand.
    import json
    import urllib.request

    body = json.dumps({"model": "text-embedding-3-small", "input": "hello", "encoding_format": "base64"}).encode()
    request = urllib.request.Request(
        openai_standin.base_url + "/embeddings",
        data=body,
        headers={"Authorization": f"Bearer {openai_standin.api_key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        answer = json.load(response)
    vec = np.frombuffer(base64.b64decode(answer["data"][0]["embedding"]), dtype="<f4")
    np.testing.assert_allclose(vec, expected_vector("hello", "text-embedding-3-small"), atol=1e-6)
    assert answer["usage"]["prompt_tokens"] == 1


def test_dimensions_are_sent_and_used(openai_standin):
    emb = make(openai_standin, dimensions=256)
    assert emb.dims == 256 and emb.name.endswith("-text-embedding-3-small-256")
    out = emb.embed(FILMS)
    assert out.shape == (4, 256)
    assert openai_standin.requests[0].body["dimensions"] == 256
    np.testing.assert_allclose(out[3], expected_vector(FILMS[3], "text-embedding-3-small", 256), atol=1e-5)


def test_ada_002_is_sent_without_dimensions(openai_standin):
    emb = make(openai_standin, model="text-embedding-ada-002")
    assert emb.embed(FILMS[:1]).shape == (1, 1536)
    assert openai_standin.requests[0].body.get("dimensions") is None


def test_many_batches_keep_input_order(openai_standin_factory):
    server = openai_standin_factory(shuffle=True)  # answers come back out of order, by index
    texts = [f"film number {i} about topic {i % 7}" for i in range(2 * MAX_INPUTS_PER_REQUEST + 404)]
    seen: list[tuple[int, int]] = []

    out = make(server, dimensions=8).embed(texts, progress=lambda done, total: seen.append((done, total)))

    assert [len(r.inputs) for r in server.requests] == [2048, 2048, 404]
    assert seen == [(2048, 4500), (4096, 4500), (4500, 4500)]
    for i in (0, 1, 2047, 2048, 4499):
        np.testing.assert_allclose(out[i], expected_vector(texts[i], "text-embedding-3-small", 8), atol=1e-5)


def test_token_budget_splits_requests(openai_standin):
    texts = [f"plot {i} " + "word " * 1000 for i in range(240)]  # ~1,250 estimated tokens each
    out = make(openai_standin, dimensions=4).embed(texts)

    requests = openai_standin.requests
    assert out.shape == (240, 4) and len(requests) == 2
    assert sum(len(r.inputs) for r in requests) == 240
    for r in requests:
        assert estimate_tokens(r.inputs) <= MAX_TOKENS_PER_REQUEST
        assert sum(count_tokens(t) for t in r.inputs) <= MAX_TOKENS_PER_REQUEST


def test_long_and_blank_inputs_are_fixed_before_sending(openai_standin):
    huge = "epic " * 60_000  # ~75,000 estimated tokens
    out = make(openai_standin, dimensions=4).embed([huge, "", "   ", "short"])

    assert out.shape == (4, 4)
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)
    (req,) = openai_standin.requests
    assert all(t.strip() for t in req.inputs)
    assert estimate_tokens(req.inputs[:1]) <= MAX_TOKENS_PER_INPUT
    assert huge.startswith(req.inputs[0]) and len(req.inputs[0]) > 20_000


def test_server_counting_more_tokens_than_estimated_splits_the_batch(openai_standin_factory):
    server = openai_standin_factory(max_request_tokens=300, max_input_tokens=100)
    texts = [f"story {i} " + "alpha beta " * 20 for i in range(12)] + ["gamma " * 400]
    out = make(server, dimensions=4).embed(texts)

    assert out.shape == (13, 4)
    accepted = [r for r in server.requests if r.status == 200]
    assert [r.status for r in server.requests].count(400) >= 2
    assert sum(len(r.inputs) for r in accepted) == 13  # every text went through once, shortened if needed
    assert [t for r in accepted for t in r.inputs][:12] == texts[:12]
    assert texts[12].startswith(accepted[-1].inputs[-1]) and count_tokens(accepted[-1].inputs[-1]) <= 100


def test_refitting_gives_up_after_a_bounded_number_of_requests(openai_standin_factory):
    server = openai_standin_factory(max_input_tokens=0)  # refuses everything as too long
    with pytest.raises(EmbeddingServiceError, match="too long") as info:
        make(server).embed(FILMS)
    assert len(server.requests) == 1 + MAX_REFITS
    assert "maximum context length" in str(info.value)


def test_empty_input_list(openai_standin):
    assert make(openai_standin).embed([]).shape == (0, 1536)
    assert openai_standin.requests == []


# -- compatible servers ---------------------------------------------------------------------


def test_compatible_server_with_dummy_key_and_probed_dims(openai_standin_factory):
    server = openai_standin_factory(api_key=None, other_dims=768, normalize=False)  # Ollama-like
    emb = OpenAIEmbedder(api_key=None, model="nomic-embed-text", base_url=server.base_url, timeout=5.0)
    assert server.requests == []  # nothing sent before dims are needed

    port = server.url.rsplit(":", 1)[1]
    assert emb.name == f"compat-127.0.0.1-{port}-nomic-embed-text-768"
    assert len(server.requests) == 1  # one probe, then cached
    assert emb.dims == 768 and server.base_url in emb.fingerprint
    assert server.requests[0].headers["authorization"].startswith("Bearer ")

    out = emb.embed(FILMS)
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)  # raw vectors normalized here
    np.testing.assert_allclose(out[0], expected_vector(FILMS[0], "nomic-embed-text", dims=768), atol=1e-5)


def test_server_ignoring_dimensions_is_an_error(openai_standin_factory):
    server = openai_standin_factory(api_key=None, other_dims=32, ignore_dimensions=True)
    emb = OpenAIEmbedder(api_key=None, model="custom-model", dimensions=16, base_url=server.base_url)
    with pytest.raises(EmbeddingServiceError, match=r"32-dimensional vectors .* expected 16"):
        emb.embed(FILMS)


def test_base_url_without_v1_gets_a_hint(openai_standin):
    emb = make(openai_standin, base_url=openai_standin.url)
    with pytest.raises(EmbeddingServiceError, match="/v1") as info:
        emb.embed(FILMS)
    assert len(openai_standin.requests) == 1 and openai_standin.requests[0].path == "/embeddings"
    assert_clean(str(info.value), openai_standin)


def test_unknown_model_names_the_model(openai_standin):
    emb = make(openai_standin, model="text-embedding-4-imaginary", dimensions=8)
    with pytest.raises(EmbeddingServiceError, match="does not know the model 'text-embedding-4-imaginary'"):
        emb.embed(FILMS[:1])
    assert len(openai_standin.requests) == 1


# -- failures -----------------------------------------------------------------------------


def test_missing_key_for_openai_is_a_clear_error():
    with pytest.raises(EmbeddingServiceError, match="OPENAI_API_KEY"):
        OpenAIEmbedder(api_key=None)


def test_refused_key_says_how_to_fix_it_without_leaking(openai_standin):
    emb = make(openai_standin, api_key="sk-wrong-key-abcdef123456")
    with pytest.raises(EmbeddingServiceError) as info:
        emb.embed(FILMS)
    message = str(info.value)
    assert "refused the API key" in message and "OPENAI_API_KEY" in message and "Settings" in message
    assert "sk-" not in message and "3456" not in message and "sk-wrong" not in repr(emb)
    assert len(openai_standin.requests) == 1  # 401 is not retried


def test_insufficient_quota_is_fatal_and_not_retried(openai_standin):
    openai_standin.insufficient_quota()
    emb = make(openai_standin)
    with pytest.raises(QuotaExceededError, match="quota") as info:
        emb.embed(FILMS)
    assert len(openai_standin.requests) == 1
    assert_clean(str(info.value), openai_standin)


def test_the_client_alone_would_retry_insufficient_quota(openai_standin):
    """Why OpenAIEmbedder installs a response hook: the bare client retries every 429."""
    import openai

    for _ in range(3):
        openai_standin.insufficient_quota()
    client = openai.OpenAI(api_key=openai_standin.api_key, base_url=openai_standin.base_url, max_retries=2)
    with pytest.raises(openai.RateLimitError) as info:
        client.embeddings.create(model="text-embedding-3-small", input=["x"])
    assert info.value.code == "insufficient_quota"
    assert len(openai_standin.requests) == 3


def test_rate_limit_is_retried_then_succeeds(openai_standin):
    openai_standin.rate_limit(times=2)
    out = make(openai_standin).embed(FILMS)
    assert out.shape == (4, 1536)
    requests = openai_standin.requests
    assert [r.headers.get("x-stainless-retry-count") for r in requests] == ["0", "1", "2"]


def test_persistent_rate_limit_gives_up(openai_standin):
    openai_standin.rate_limit(times=3)
    with pytest.raises(EmbeddingServiceError, match="Rate limited") as info:
        make(openai_standin).embed(FILMS)
    assert not isinstance(info.value, QuotaExceededError)
    assert len(openai_standin.requests) == 3


def test_server_error_is_retried(openai_standin):
    openai_standin.server_error(times=1)
    assert make(openai_standin).embed(FILMS).shape == (4, 1536)
    assert len(openai_standin.requests) == 2


def test_persistent_server_error_is_a_known_error(openai_standin):
    openai_standin.server_error(times=3, status=503)
    with pytest.raises(EmbeddingServiceError, match="503"):
        make(openai_standin).embed(FILMS)
    assert len(openai_standin.requests) == 3


def test_timeout_is_quick_and_clear(openai_standin):
    openai_standin.slow(2.0, times=2)
    emb = make(openai_standin, timeout=0.2, max_retries=1)
    start = time.monotonic()
    with pytest.raises(EmbeddingServiceError) as info:
        emb.embed(FILMS)
    assert time.monotonic() - start < 1.5
    message = str(info.value)
    host = openai_standin.url.removeprefix("http://")
    assert host in message and "within 0.2 s" in message and "offline" in message
    assert_clean(message, openai_standin)
    assert len(openai_standin.requests) == 2


def test_connection_refused_names_the_host(closed_port_url):
    emb = OpenAIEmbedder(api_key="sk-closed-port-secret", base_url=closed_port_url + "/v1", max_retries=1)
    start = time.monotonic()
    with pytest.raises(EmbeddingServiceError) as info:
        emb.embed(FILMS)
    message = str(info.value)
    assert time.monotonic() - start < 3
    assert closed_port_url.removeprefix("http://") in message and "offline" in message
    assert "secret" not in message


# -- estimates ------------------------------------------------------------------------------


def test_estimates_and_prices():
    assert estimate_tokens(["abcd" * 10, "é", ""]) == 10 + 1 + 1
    assert estimate_tokens(["x" * 100_000]) == MAX_TOKENS_PER_INPUT  # sent truncated
    assert estimate_cost_usd("text-embedding-3-small", 1_000_000) == pytest.approx(0.02)
    assert estimate_cost_usd("text-embedding-3-large", 500_000) == pytest.approx(0.065)
    assert estimate_cost_usd("text-embedding-ada-002", 2_000_000) == pytest.approx(0.20)
    assert estimate_cost_usd("nomic-embed-text", 10**6) is None
    assert is_paid(None) and is_paid("https://api.openai.com/v1")
    assert not is_paid("http://localhost:11434/v1") and not is_paid("http://127.0.0.1:1234/v1")
    assert not is_paid("http://192.168.1.20:8080/v1")
    assert is_paid("https://api.example.com/v1")  # unknown remote servers may bill
