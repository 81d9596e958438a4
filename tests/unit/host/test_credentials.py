"""Credential loading from YAML and the environment; authentication headers; no secret in errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kflow.credentials import KEITARO_API
from kflow.host.credentials import (
    Credentials,
    apply_authentication,
    credentials_from_env,
    load_credentials_file,
)
from kflow.host.errors import ConfigError
from tests.support import CANARY_KEY

DEFINITIONS = {"keitaroApi": KEITARO_API}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "creds.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_file_with_env_reference(tmp_path: Path) -> None:
    path = write(tmp_path, "keitaroApi:\n  domain: t.example.test\n  apiKey: ${MY_KEY}\n")
    creds = load_credentials_file(path, DEFINITIONS, {"MY_KEY": CANARY_KEY})
    assert creds.get("keitaroApi") == {
        "domain": "t.example.test",
        "apiKey": CANARY_KEY,
        "postbackKey": "",
        "allowUnauthorizedCerts": False,
    }
    assert CANARY_KEY not in repr(creds)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("keitaroApi:\n  domain: t\n", "API ключ (apiKey) is missing"),
        ("keitaroApi:\n  domain: t\n  apiKey: ${NOPE}\n", "NOPE is not set"),
        ("other:\n  a: 1\n", "unknown credential type 'other'"),
        ("keitaroApi:\n  domain: t\n  apiKey: k\n  token: x\n", "unknown field 'token'"),
        ("keitaroApi: [1]\n", "must be a mapping"),
        ("- a\n", "expected a mapping"),
        ("keitaroApi: {domain: t, apiKey: k\n", "line 2: the { } opened on line 1 is not closed"),
    ],
)
def test_bad_files_are_config_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_credentials_file(write(tmp_path, text), DEFINITIONS, {})


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="No such file"):
        load_credentials_file(tmp_path / "none.yaml", DEFINITIONS, {})


def test_key_with_control_characters_is_refused_without_showing_it(tmp_path: Path) -> None:
    path = write(tmp_path, f'keitaroApi:\n  domain: t\n  apiKey: "{CANARY_KEY}\\r\\nX-Evil: 1"\n')
    with pytest.raises(ConfigError) as caught:
        load_credentials_file(path, DEFINITIONS, {})
    assert "control characters" in str(caught.value)
    assert CANARY_KEY not in str(caught.value)


def test_environment() -> None:
    env = {"KEITARO_URL": "https://t.example.test", "KEITARO_API_KEY": CANARY_KEY}
    creds = credentials_from_env(DEFINITIONS, env)
    assert creds.get("keitaroApi") == {
        "domain": "https://t.example.test",
        "apiKey": CANARY_KEY,
        "postbackKey": "",
        "allowUnauthorizedCerts": False,
    }
    assert credentials_from_env(DEFINITIONS, {"KEITARO_URL": "x"}).get("keitaroApi") is None


def test_secrets_are_registered_for_redaction() -> None:
    creds = Credentials()
    creds.add(KEITARO_API, {"domain": "t", "apiKey": CANARY_KEY})
    assert CANARY_KEY not in creds.redactor.text(f"oops {CANARY_KEY}")


def test_generic_authentication_fills_the_header() -> None:
    headers = apply_authentication(KEITARO_API.type, {"domain": "t", "apiKey": CANARY_KEY})
    assert headers == {"Api-Key": CANARY_KEY}


TWO_TRACKERS = """\
Main tracker:
  type: keitaroApi
  domain: https://main.example.test
  apiKey: ${MAIN_KEY}
  allowUnauthorizedCerts: false
Second tracker:
  type: keitaroApi
  domain: https://second.example.test
  apiKey: second-key-0123456789
  postbackKey: e89bcbe
"""


def test_a_file_holds_several_named_entries_of_a_type(tmp_path: Path) -> None:
    creds = load_credentials_file(
        write(tmp_path, TWO_TRACKERS), DEFINITIONS, {"MAIN_KEY": CANARY_KEY}
    )
    main = creds.get("keitaroApi", "Main tracker")
    second = creds.get("keitaroApi", "Second tracker")
    assert main is not None and main["domain"] == "https://main.example.test"
    assert main["apiKey"] == CANARY_KEY
    assert second is not None and second["domain"] == "https://second.example.test"
    assert second["postbackKey"] == "e89bcbe"
    assert [(e.type_name, e.name) for e in creds.entries()] == [
        ("keitaroApi", "Main tracker"),
        ("keitaroApi", "Second tracker"),
    ]
    assert CANARY_KEY not in repr(creds) and CANARY_KEY not in repr(creds.entries())


def test_among_several_entries_none_is_guessed(tmp_path: Path) -> None:
    creds = load_credentials_file(
        write(tmp_path, TWO_TRACKERS), DEFINITIONS, {"MAIN_KEY": CANARY_KEY}
    )
    with pytest.raises(ConfigError, match=r"several 'keitaroApi' credentials .*pick one by name"):
        creds.get("keitaroApi")
    with pytest.raises(ConfigError, match="no 'keitaroApi' credentials are named 'Mian tracker'"):
        creds.get("keitaroApi", "Mian tracker")
    with pytest.raises(ConfigError, match="of type 'keitaroApi', not 'httpBasicAuth'"):
        creds.get("httpBasicAuth", "Main tracker")


def test_a_single_entry_serves_whatever_name_a_flow_gives(tmp_path: Path) -> None:
    creds = load_credentials_file(
        write(tmp_path, "keitaroApi:\n  domain: t.example.test\n  apiKey: k\n"), DEFINITIONS, {}
    )
    assert creds.get("keitaroApi", "Keitaro account") == creds.get("keitaroApi")
    assert creds.get("httpBasicAuth", "Keitaro account") is None


def test_names_are_unique(tmp_path: Path) -> None:
    creds = Credentials()
    creds.add(KEITARO_API, {"domain": "a", "apiKey": "k1"}, name="Main")
    with pytest.raises(ConfigError, match="two credentials are named 'Main'"):
        creds.add(KEITARO_API, {"domain": "b", "apiKey": "k2"}, name="Main")
    creds.add(KEITARO_API, {"domain": "c", "apiKey": "k3"})
    with pytest.raises(ConfigError, match="two unnamed 'keitaroApi' credentials"):
        creds.add(KEITARO_API, {"domain": "d", "apiKey": "k4"})


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("={{ $credentials.apiKey }}", CANARY_KEY),
        ("Bearer {{$credentials.apiKey}}", f"Bearer {CANARY_KEY}"),
        ("{{ $credentials.domain }}/{{ $credentials.apiKey }}!", f"t/{CANARY_KEY}!"),
        ("x{{ $credentials.missing }}y{{ $credentials.empty }}", "xy"),
        ("no reference", "no reference"),
    ],
)
def test_authentication_templates_are_filled_from_the_credential(
    template: str, expected: str
) -> None:
    authenticate = KEITARO_API.type.authenticate
    assert authenticate is not None
    headers = {"headers": {"X-Auth": template}}
    ctype = KEITARO_API.type.model_copy(
        update={"authenticate": authenticate.model_copy(update={"properties": headers})}
    )
    data = {"domain": "t", "apiKey": CANARY_KEY, "empty": ""}
    assert apply_authentication(ctype, data) == {"X-Auth": expected}
