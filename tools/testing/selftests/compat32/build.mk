# SPDX-License-Identifier: GPL-2.0
# 32-bit (i386) builds, run on the 64-bit kernel through the drivers'
# compat_ioctl: every gntdev and gntalloc selftest again, and compat32_abi,
# which is 32-bit only. Each test compat32_P is the run32 script, which runs
# compat32_P.i386 or skips on a kernel that cannot run 32-bit programs.
# Static, so that the images need no 32-bit libraries.
# Not gntalloc_notify: all of it needs /dev/xen/evtchn (see tests.list).
COMPAT32_SRCS := $(filter-out %/gntalloc_notify.c,\
		 $(wildcard tools/testing/selftests/gntdev/*.c \
			    tools/testing/selftests/gntalloc/*.c)) \
		 tools/testing/selftests/compat32/compat32_abi.c
COMPAT32_TESTS := $(addprefix $(BUILD)/tests/bin/compat32_,\
	$(patsubst compat32_%,%,$(basename $(notdir $(COMPAT32_SRCS)))))
COMPAT32_DEPS := $(wildcard tools/testing/selftests/include/*.h \
			    tools/testing/selftests/gntdev/*.h \
			    tools/testing/selftests/gntalloc/*.h include/uapi/xen/*.h)
COMPAT32_CC = $(CC) -m32 -static $(CFLAGS) $(WARNINGS) $(TEST_CPPFLAGS)
SELFTEST_BINS += $(COMPAT32_TESTS) $(addsuffix .i386,$(COMPAT32_TESTS)) \
		 $(BUILD)/tests/bin/compat32_probe.i386

$(COMPAT32_TESTS): %: tools/testing/selftests/compat32/run32 %.i386
	@mkdir -p $(@D)
	install -m 755 $< $@

$(BUILD)/tests/bin/compat32_%.i386: %.c $(COMPAT32_DEPS)
	@mkdir -p $(@D)
	$(COMPAT32_CC) -o $@ $< $(TEST_LDLIBS)

$(BUILD)/tests/bin/compat32_abi.i386: tools/testing/selftests/compat32/compat32_abi.c \
		$(COMPAT32_DEPS)
	@mkdir -p $(@D)
	$(COMPAT32_CC) -o $@ $< $(TEST_LDLIBS)

$(BUILD)/tests/bin/compat32_probe.i386:
	@mkdir -p $(@D)
	printf '%s\n' '#include <stdio.h>' 'int main(void) { return puts("i386") < 0; }' | \
		$(COMPAT32_CC) -x c -o $@ -
