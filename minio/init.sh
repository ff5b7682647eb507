#!/bin/sh
# Run once by the minio-init service (image: mc). Idempotent: every step may
# run again on the next `make up`.
#   - the log bucket
#   - LiteLLM's writer user, allowed only to put objects under the log prefix
#   - optional retention: objects expire after S3_LOG_RETENTION_DAYS (> 0)
# POSIX sh: the mc image's shell may not know pipefail.
set -eu

: "${MINIO_URL:=http://minio:9000}"
: "${S3_LOG_BUCKET:?}" "${S3_LOG_PREFIX:=request_logs/}"
: "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}"
: "${S3_WRITER_ACCESS_KEY:?}" "${S3_WRITER_SECRET_KEY:?}"
: "${S3_LOG_RETENTION_DAYS:=0}"

policy_name=litellm-log-writer
policy_file=$(mktemp)
trap 'rm -f "$policy_file"' EXIT

mc alias set local "$MINIO_URL" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
mc mb --ignore-existing "local/$S3_LOG_BUCKET"

# Put-only, and only below the prefix: a leaked writer key can neither read
# nor delete the archive.
cat >"$policy_file" <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:PutObject"],
      "Resource": ["arn:aws:s3:::${S3_LOG_BUCKET}/${S3_LOG_PREFIX}*"]
    }
  ]
}
POLICY

# "user add" updates the secret of an existing user: setup rotates only the
# writer's secret key and keeps its access key, so no old user is left behind.
mc admin user add local "$S3_WRITER_ACCESS_KEY" "$S3_WRITER_SECRET_KEY" >/dev/null
mc admin policy create local "$policy_name" "$policy_file" >/dev/null
# attach fails when the policy is already attached; that is the state we want.
mc admin policy attach local "$policy_name" --user "$S3_WRITER_ACCESS_KEY" >/dev/null 2>&1 || true
mc admin user info local "$S3_WRITER_ACCESS_KEY" | grep -q "$policy_name" || {
  echo "minio-init: policy $policy_name is not attached to the writer user" >&2
  exit 1
}

case "$S3_LOG_RETENTION_DAYS" in
  '' | *[!0-9]*) echo "minio-init: S3_LOG_RETENTION_DAYS must be a whole number" >&2; exit 1 ;;
esac
# Replace rather than stack rules when the number changes; 0 removes them.
mc ilm rule rm --all --force "local/$S3_LOG_BUCKET" >/dev/null 2>&1 || true
if [ "$S3_LOG_RETENTION_DAYS" -gt 0 ]; then
  mc ilm rule add --expire-days "$S3_LOG_RETENTION_DAYS" --prefix "$S3_LOG_PREFIX" "local/$S3_LOG_BUCKET" >/dev/null
  echo "minio-init: objects under $S3_LOG_PREFIX expire after $S3_LOG_RETENTION_DAYS days"
fi

echo "minio-init: bucket $S3_LOG_BUCKET ready; writer user may put under $S3_LOG_PREFIX"
