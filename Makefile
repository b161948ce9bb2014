# SPDX-License-Identifier: GPL-2.0
#
# gnttab: Xen grant devices for Linux (gntdev.ko, gntalloc.ko) and libgnttab.
#
#   make                 modules, library and test programs
#   make check           install deps, build, host checks, every test in the
#                        emulated Xen host; ends with "N passed, N failed, N skipped"
#   make shell           a dom0 shell in the emulated Xen host, our modules loaded
#   make test T="A B"    only the named tests (suite/program) in the emulated host
#   make deps            install the Debian packages the build and tests need
#   make clean           leave the tree as it was checked out
#
# KVER/KDIR pick the kernel: by default the newest installed Debian
# linux-headers-*-amd64.

KVER ?= $(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | \
		sed 's|.*/linux-headers-||' | sort -V | tail -n 1)
KDIR ?= /usr/src/linux-headers-$(KVER)
GNTTAB_CACHE ?= /var/cache/gnttab
KSRC ?= $(GNTTAB_CACHE)/linux-source-$(shell dpkg-query -W -f='$${Version}' \
		linux-source-6.1 2>/dev/null)
BUILD := $(CURDIR)/build

CC ?= gcc
CFLAGS ?= -O2 -g
WARNINGS := -Wall -Wextra -Werror
TEST_CPPFLAGS := -I$(CURDIR)/include/uapi -I$(CURDIR)/tools/testing/selftests/include \
		 -isystem $(KSRC)/tools/testing/selftests
TEST_LDLIBS := -pthread

SELFTEST_SRCS := $(wildcard tools/testing/selftests/*/*.c)
SELFTEST_SRCS := $(filter-out tools/testing/selftests/include/%,$(SELFTEST_SRCS))
SELFTEST_BINS := $(addprefix $(BUILD)/tests/bin/,$(basename $(notdir $(SELFTEST_SRCS))))
-include $(wildcard tools/testing/selftests/*/build.mk)
HAVE_LIB := $(wildcard lib/libgnttab/Makefile)

export KVER KDIR GNTTAB_CACHE KSRC BUILD

.PHONY: all modules lib tests check shell test deps clean
all: modules lib tests

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

lib:
ifneq ($(HAVE_LIB),)
	$(MAKE) -C lib/libgnttab O=$(BUILD)/lib CFLAGS="$(CFLAGS)"
endif

tests: $(SELFTEST_BINS)

vpath %.c $(sort $(dir $(SELFTEST_SRCS)))
$(BUILD)/tests/bin/%: %.c $(wildcard tools/testing/selftests/include/*.h) \
		$(wildcard include/uapi/xen/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARNINGS) $(TEST_CPPFLAGS) -o $@ $< $(TEST_LDLIBS) $(LDLIBS_$*)

check:
	tools/testing/check.sh

shell: deps
	$(MAKE) all
	tools/testing/vm/vm shell

test: deps
	$(MAKE) all
	tools/testing/vm/vm run $(T)

deps:
	tools/testing/deps.sh

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -rf $(BUILD)
