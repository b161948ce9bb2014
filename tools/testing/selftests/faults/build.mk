# SPDX-License-Identifier: GPL-2.0
# The fault-scenario tests share a local header (and gntdev's helpers).
FAULTS_TEST_BINS := $(addprefix $(BUILD)/tests/bin/,\
	$(basename $(notdir $(wildcard tools/testing/selftests/faults/*.c))))
$(FAULTS_TEST_BINS): tools/testing/selftests/faults/faults.h \
	tools/testing/selftests/gntdev/gntdev_util.h
