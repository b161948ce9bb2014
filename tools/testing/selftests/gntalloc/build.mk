# SPDX-License-Identifier: GPL-2.0
# The gntalloc tests share a local header.
GNTALLOC_TEST_BINS := $(addprefix $(BUILD)/tests/bin/,\
	$(basename $(notdir $(wildcard tools/testing/selftests/gntalloc/*.c))))
$(GNTALLOC_TEST_BINS): tools/testing/selftests/gntalloc/gntalloc_test.h
