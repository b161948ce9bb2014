#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# The guest half of the clients test: the guest's xenstore ring, which dom0's
# xenstored mapped through gntdev, carries its requests both ways.
key=data/clients/alive-$$
xenstore-write "$key" yes && test "$(xenstore-read "$key")" = yes && xenstore-rm "$key"
