"""The only module that talks to object storage: boto3, and every failure said in Chinese.

Credentials come from the client's usual environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY,
a profile, a role), never from arguments. Request checksums are sent only where the protocol
requires them, which S3-compatible services (OSS, COS, OBS, SeaweedFS, MinIO) all accept.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError, NoCredentialsError, PartialCredentialsError
from botocore.exceptions import ConnectionError as BotoConnectionError

from xyhf.publish.files import LocalFile

MANIFEST = ".xyhf-manifest.json"  # under the prefix; written after every successful publish
CREDENTIAL_CODES = {"InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "AuthorizationHeaderMalformed"}
DENIED_CODES = {"AccessDenied", "AllAccessDisabled", "403"}
MISSING_CODES = {"NoSuchKey", "404", "NotFound"}
BUSY_CODES = {"InternalError", "ServiceUnavailable", "SlowDown", "RequestTimeout", "500", "502", "503", "504"}
DELETE_BATCH = 1000  # DeleteObjects' limit
# Services that want the bucket in the host name (OSS refuses path-style requests); botocore
# would send path-style to any endpoint it does not know. XYHF_S3_ADDRESSING_STYLE overrides.
VIRTUAL_HOSTED = ("aliyuncs.com", "myqcloud.com", "myhuaweicloud.com", "amazonaws.com", "amazonaws.com.cn")


class PublishError(Exception):
    """A failure to report as one Chinese sentence; `resumable` when a rerun continues the job."""

    def __init__(self, message: str, resumable: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.resumable = resumable


@dataclass(frozen=True)
class Target:
    endpoint: str
    bucket: str
    prefix: str = ""  # "" or ending in "/": objects outside it are never listed, written or deleted

    @classmethod
    def of(cls, endpoint: str, bucket: str, prefix: str = "") -> Target:
        clean = prefix.strip("/")
        return cls(endpoint.rstrip("/"), bucket, f"{clean}/" if clean else "")

    def key(self, rel: str) -> str:
        return self.prefix + rel

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"


def explain(exc: Exception, target: Target) -> PublishError:
    """The one Chinese sentence a failure of the client or the service deserves."""
    if isinstance(exc, NoCredentialsError | PartialCredentialsError):
        return PublishError(
            "缺少对象存储的访问凭据：请在环境变量 AWS_ACCESS_KEY_ID 与 AWS_SECRET_ACCESS_KEY 中提供（不要写在命令行参数里）。"
        )
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        if code in CREDENTIAL_CODES:
            return PublishError(
                f"凭据错误：{target.endpoint} 拒绝了这组访问密钥（{code}）。"
                "请检查环境变量 AWS_ACCESS_KEY_ID 与 AWS_SECRET_ACCESS_KEY 是否是该对象存储的密钥。"
            )
        if code == "NoSuchBucket":
            return PublishError(
                f"存储桶不存在：{target.endpoint} 上没有名为 {target.bucket} 的存储桶。"
                "请先在对象存储控制台创建它，或检查 --bucket 与 --endpoint（端点要与存储桶所在地域一致）。"
            )
        if code in BUSY_CODES:
            return PublishError(
                f"对象存储暂时出错（{code}），重试后仍未成功。已上传的对象不会重复上传，稍后重新运行同一命令即可继续。",
                resumable=True,
            )
        if code in DENIED_CODES:
            return PublishError(
                f"权限不足：这组访问密钥不能读写存储桶 {target.bucket}（{code}）。发布需要列出、读取、上传与删除对象的权限。"
            )
        return PublishError(f"对象存储拒绝了请求：{code or '未知错误'} {error.get('Message', '')}".rstrip())
    if isinstance(exc, BotoConnectionError | HTTPClientError):
        return PublishError(
            f"网络中断：与 {target.endpoint} 的连接失败或中途断开。已上传的对象不会重复上传，重新运行同一命令即可继续。",
            resumable=True,
        )
    return PublishError(f"对象存储客户端出错（{type(exc).__name__}）：{exc}")


def addressing_style(endpoint: str, override: str | None = None) -> str:
    """`virtual` (bucket.host) for the cloud services above, else botocore's `auto` (path-style
    for a custom endpoint such as MinIO or SeaweedFS); `override` (path, virtual, auto) wins."""
    if override in ("path", "virtual", "auto"):
        return override
    host = (urlsplit(endpoint).hostname or "").lower()
    return "virtual" if any(host == d or host.endswith("." + d) for d in VIRTUAL_HOSTED) else "auto"


@contextmanager
def said_in_chinese(target: Target) -> Iterator[None]:
    try:
        yield
    except (BotoCoreError, ClientError) as exc:
        raise explain(exc, target) from exc


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _etag(value: str) -> str:
    return value.strip('"')


class Store:
    """One bucket and prefix. Methods are safe to call from several threads (boto3 clients are)."""

    def __init__(self, target: Target, connections: int = 16) -> None:
        self.target = target
        with said_in_chinese(target):
            session = boto3.session.Session()
            if session.get_credentials() is None:
                raise explain(NoCredentialsError(), target)
            config = Config(
                region_name=session.region_name or "us-east-1",
                retries={"mode": "standard"},  # attempts: AWS_MAX_ATTEMPTS, else 3
                connect_timeout=10,
                read_timeout=120,
                max_pool_connections=connections,
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
                user_agent_extra="xyhf-publish",
                s3={"addressing_style": addressing_style(target.endpoint, os.environ.get("XYHF_S3_ADDRESSING_STYLE"))},
            )
            self.client = session.client("s3", endpoint_url=target.endpoint, config=config)

    def listed(self) -> dict[str, str]:
        """Every object under the prefix (but the manifest): key without the prefix → ETag."""
        prefix, found = self.target.prefix, {}
        with said_in_chinese(self.target):
            pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.target.bucket, Prefix=prefix)
            for page in pages:
                for item in page.get("Contents", []):
                    key = item["Key"]
                    if key.startswith(prefix) and key != prefix + MANIFEST:
                        found[key[len(prefix) :]] = _etag(item.get("ETag", ""))
        return found

    def read_manifest(self) -> bytes | None:
        with said_in_chinese(self.target):
            try:
                reply = self.client.get_object(Bucket=self.target.bucket, Key=self.target.key(MANIFEST))
            except ClientError as exc:
                if _code(exc) in MISSING_CODES:
                    return None
                raise
            return reply["Body"].read()

    def version_of(self, rel: str) -> str | None:
        """The version our upload recorded in the object's metadata, or None."""
        with said_in_chinese(self.target):
            try:
                reply = self.client.head_object(Bucket=self.target.bucket, Key=self.target.key(rel))
            except ClientError as exc:
                if _code(exc) in MISSING_CODES:
                    return None
                raise
        return reply.get("Metadata", {}).get("xyhf-version")

    def put(self, file: LocalFile) -> str:
        """Upload one file with its headers and hash; its new ETag."""
        data = file.path.read_bytes()
        if hashlib.sha256(data).hexdigest() != file.sha256:  # the metadata must tell the truth
            raise PublishError(f"网站目录在发布过程中被改动（{file.key}）：请等生成结束后重新运行。")
        with said_in_chinese(self.target):
            reply = self.client.put_object(
                Bucket=self.target.bucket,
                Key=self.target.key(file.key),
                Body=data,
                ContentType=file.content_type,
                CacheControl=file.cache_control,
                Metadata={"sha256": file.sha256, "xyhf-version": file.version},
            )
        return _etag(reply.get("ETag", ""))

    def put_manifest(self, data: bytes) -> None:
        with said_in_chinese(self.target):
            self.client.put_object(
                Bucket=self.target.bucket,
                Key=self.target.key(MANIFEST),
                Body=data,
                ContentType="application/json; charset=utf-8",
                CacheControl="no-store",
            )

    def delete(self, rels: Sequence[str]) -> None:
        """Delete objects under the prefix, a thousand per request."""
        for start in range(0, len(rels), DELETE_BATCH):
            batch = [{"Key": self.target.key(rel)} for rel in rels[start : start + DELETE_BATCH]]
            with said_in_chinese(self.target):
                reply = self.client.delete_objects(Bucket=self.target.bucket, Delete={"Objects": batch, "Quiet": True})
            errors = reply.get("Errors", [])
            if errors:
                first = errors[0]
                raise PublishError(
                    f"有 {len(errors)} 个旧对象没能删除，例如 {first.get('Key')}（{first.get('Code')}）。重新运行同一命令会再试。",
                    resumable=True,
                )
