"""Maps the repository's top-level folders onto the installed `kflow` namespace.

`host/` installs as `kflow.host`, `nodes/` as `kflow.nodes`, and so on, so that no bare
`host`, `nodes` or `credentials` module is ever installed. Works for `pip install .`
and `pip install -e .` alike; everything else lives in pyproject.toml.
"""

from setuptools import find_packages, setup

FOLDERS = ("host", "nodes", "credentials", "sandbox", "schemas", "testing")

packages: list[str] = []
package_dir: dict[str, str] = {}
for folder in FOLDERS:
    package_dir[f"kflow.{folder}"] = folder
    packages.append(f"kflow.{folder}")
    packages.extend(f"kflow.{folder}.{sub}" for sub in find_packages(folder))

setup(
    packages=packages,
    package_dir=package_dir,
    package_data={
        "kflow.schemas": ["*.json"],
        "kflow.sandbox.store": ["*.sql"],
        "kflow.host.expressions": ["js/*.js", "js/LICENSE-*"],
        "kflow.testing": ["templates/*"],
        "kflow.nodes.keitaro.n8n_package": ["*.js", "*.svg"],
        "kflow.host.cli": ["vendor/uplot/*", "report_page/*"],
    },
    include_package_data=False,
)
