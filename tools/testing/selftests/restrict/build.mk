# SPDX-License-Identifier: GPL-2.0
# The restrict tests share a local header.
RESTRICT_TEST_BINS := $(addprefix $(BUILD)/tests/bin/,\
	$(basename $(notdir $(wildcard tools/testing/selftests/restrict/*.c))))
$(RESTRICT_TEST_BINS): tools/testing/selftests/restrict/restrict_util.h
