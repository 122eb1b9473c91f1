#!/usr/bin/env python3
"""Bucket chores for bench/run.sh: create a bucket, or delete one with every object version in it.

    s3util.py create BUCKET [--versioned]
    s3util.py delete BUCKET

Reads RRBACKUP_S3_ENDPOINT, RRBACKUP_S3_ACCESS_KEY and RRBACKUP_S3_SECRET_KEY (scripts/s3-server.sh's
s3.env). Needs boto3 (it comes with the aws CLI's Python); exits 3 when it is missing so that the
caller can fall back to the aws CLI.
"""
import os
import sys

try:
    import boto3
    from botocore.config import Config
    from botocore.exceptions import ClientError
except ImportError:
    sys.exit(3)


def client():
    return boto3.client(
        "s3",
        endpoint_url=os.environ["RRBACKUP_S3_ENDPOINT"],
        aws_access_key_id=os.environ["RRBACKUP_S3_ACCESS_KEY"],
        aws_secret_access_key=os.environ["RRBACKUP_S3_SECRET_KEY"],
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 5}),
    )


def delete(s3, bucket):
    try:
        paginator = s3.get_paginator("list_object_versions")
        for page in paginator.paginate(Bucket=bucket):
            victims = [{"Key": v["Key"], "VersionId": v["VersionId"]}
                       for v in page.get("Versions", []) + page.get("DeleteMarkers", [])]
            for i in range(0, len(victims), 1000):
                s3.delete_objects(Bucket=bucket, Delete={"Objects": victims[i:i + 1000], "Quiet": True})
        for upload in s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []):
            s3.abort_multipart_upload(Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"])
        s3.delete_bucket(Bucket=bucket)
    except ClientError as e:
        if e.response.get("Error", {}).get("Code") == "NoSuchBucket":
            return
        raise


def main():
    args = sys.argv[1:]
    versioned = args[2:] == ["--versioned"]
    if len(args) - versioned != 2 or args[0] not in ("create", "delete") or (versioned and args[0] != "create"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    s3 = client()
    if args[0] == "create":
        s3.create_bucket(Bucket=args[1])
        if versioned:
            s3.put_bucket_versioning(Bucket=args[1], VersioningConfiguration={"Status": "Enabled"})
    else:
        delete(s3, args[1])


if __name__ == "__main__":
    main()
