# SPDX-License-Identifier: GPL-2.0
# The restrict tests share a local header.
RESTRICT_TEST_BINS := $(addprefix $(BUILD)/tests/bin/,\
	$(basename $(notdir $(wildcard tools/testing/selftests/restrict/*.c))))
$(RESTRICT_TEST_BINS): tools/testing/selftests/restrict/restrict_util.h \
	tools/testing/selftests/restrict/restrict_stats.h
# tools/gntstat/gntstat goes with the test programs: restrict_gntstat runs it.
$(BUILD)/tests/bin/gntstat: tools/gntstat/gntstat
	@mkdir -p $(@D)
	install -m 755 $< $@
SELFTEST_BINS += $(BUILD)/tests/bin/gntstat
