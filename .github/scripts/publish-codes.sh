#!/usr/bin/env bash
# Issue codes on main and push them back as the bot. If another run pushed first, start again
# from the new main: the codes of the lost attempt were never pushed, so none is issued twice.
set -euo pipefail
branch="${PUBLISH_BRANCH:-main}"
for attempt in 1 2 3 4 5; do
  git fetch --quiet origin "$branch"
  git reset --quiet --hard "origin/$branch"
  .venv/bin/xyhf assign-codes --catalog catalog ${PUBLISH_BASE:+--base "$PUBLISH_BASE"}
  if git diff --quiet -- catalog; then
    echo "没有需要签发的编码。"
    exit 0
  fi
  git add catalog
  git -c user.name="xyhf-bot" -c user.email="xyhf-bot@users.noreply.github.com" \
    commit --quiet -m "签发统一编码 / Issue unified codes"
  if git push --quiet origin "HEAD:$branch"; then
    echo "已签发编码并推送到 $branch。"
    exit 0
  fi
  echo "推送被拒绝（另一次合并先推送了），在新的 $branch 上重试（第 $attempt 次）。" >&2
  sleep "${PUBLISH_RETRY_SLEEP:-$((attempt * 3))}"
done
echo "多次重试仍未推送成功。" >&2
exit 1
