"""Read/Write Files from Disk 1 and 1.1 inside a files folder (Case.files)."""

from tests.node_oracle.cases._files import b64, chain, node, to_file

FILES = {
    "in/a.csv": b"a;b\n1;2\n",
    "in/report.txt": "Привет".encode(),
    "in/data.json": b'{"x": 1}',
    "in/sub/deep.csv": b"z\n9\n",
    "in/(x).txt": b"paren",
}


def rw(name, version, params):
    return node(name, "readWriteFile", version, params)


def read(version, selector, **options):
    return rw("Read", version, {"operation": "read", "fileSelector": selector, "options": options})


CASES = []
for v in (1, 1.1):
    tag = f"readWriteFile-{v}"
    CASES += [
        chain(f"{tag}-read-one", [read(v, "%FILES%/in/a.csv")], [{}], files=FILES),
        chain(f"{tag}-read-text", [read(v, "%FILES%/in/report.txt")], [{}], files=FILES),
        chain(f"{tag}-read-glob", [read(v, "%FILES%/in/*.json")], [{}], files=FILES),
        chain(f"{tag}-read-deep-glob", [read(v, "%FILES%/in/**/deep.csv")], [{}], files=FILES),
        chain(f"{tag}-read-paren", [read(v, "%FILES%/in/(x).txt")], [{}], files=FILES),
        chain(
            f"{tag}-read-options",
            [
                read(
                    v,
                    "%FILES%/in/a.csv",
                    fileName="b.txt",
                    fileExtension="txt",
                    mimeType="text/plain",
                    dataPropertyName="file",
                )
            ],
            [{}],
            files=FILES,
        ),
        chain(f"{tag}-read-none", [read(v, "%FILES%/in/*.xlsx")], [{}], files=FILES, error=v > 1),
        chain(
            f"{tag}-read-extract",
            [
                read(v, "%FILES%/in/a.csv"),
                node(
                    "Extract",
                    "extractFromFile",
                    1.1,
                    {"operation": "csv", "options": {"delimiter": ";"}},
                ),
            ],
            [{}],
            files=FILES,
        ),
        chain(
            f"{tag}-write-no-folder",
            [
                to_file(b"hello"),
                rw(
                    "Write",
                    v,
                    {"operation": "write", "fileName": "%FILES%/out/w.txt", "options": {}},
                ),
            ],
            [{"b": b64(b"hello")}],
            files=FILES,
            error=True,
        ),
        chain(
            f"{tag}-write-read",
            [
                to_file(b"hello"),
                rw(
                    "Write",
                    v,
                    {"operation": "write", "fileName": "%FILES%/in/w.txt", "options": {}},
                ),
                read(v, "%FILES%/in/w.txt"),
            ],
            [{"b": b64(b"hello"), "keep": 1}],
            files=FILES,
        ),
        chain(
            f"{tag}-write-append",
            [
                to_file(b"line\n"),
                rw(
                    "Write",
                    v,
                    {
                        "operation": "write",
                        "fileName": "%FILES%/in/a.csv",
                        "options": {"append": True},
                    },
                ),
                node(
                    "Read",
                    "readWriteFile",
                    v,
                    {"operation": "read", "fileSelector": "%FILES%/in/a.csv", "options": {}},
                    executeOnce=True,
                ),
            ],
            [{"b": b64(b"3;4\n")}, {"b": b64(b"5;6\n")}],
            files=FILES,
        ),
        chain(
            f"{tag}-write-no-binary",
            [rw("Write", v, {"operation": "write", "fileName": "%FILES%/x.txt", "options": {}})],
            [{}],
            files=FILES,
            error=True,
        ),
    ]
