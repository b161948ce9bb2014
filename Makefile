# SPDX-License-Identifier: GPL-2.0
#
# gnttab: Xen grant devices for Linux (gntdev.ko, gntalloc.ko) and libgnttab.
#
#   make                 modules, library and test programs
#   make check           install deps, build, host checks, every test in the
#                        emulated Xen host; ends with "N passed, N failed, N skipped"
#   make demo            the emulated Xen host running Xen's daemons and a
#                        guest on our stack, with a report; STAY=1 stays in dom0
#   make shell           a dom0 shell in the emulated Xen host, our modules loaded
#   make test T="A B"    only the named tests (suite/program) in the emulated host
#   make bench           our drivers against Linux's in-tree ones, in one boot
#                        of the emulated host: table, CSV and plot in build/bench
#   make soak            the fuzzer for SOAK_SECONDS (1800) on Debian's kernel
#                        and on the debug kernel, with make check's rules
#   make deps            install the Debian packages the build and tests need
#   make deb             Debian packages into build/deb (Documentation/admin-guide/install.rst)
#   make modules-debug DEBUG_EXPORT=DIR
#                        the modules again, for the debug kernel that
#                        tools/testing/debug-kernel/build.sh exported to DIR
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
SELFTEST_SCRIPTS := $(wildcard tools/testing/selftests/*/*.sh)
SELFTEST_BINS += $(addprefix $(BUILD)/tests/bin/,$(basename $(notdir $(SELFTEST_SCRIPTS))))
# The benchmark (tools/testing/bench): its program and in-guest driver script
# go with the tests; its floor module is built with ours.
BENCH_SRCS := tools/testing/bench/bench_gnttab.c tools/testing/bench/bench_run.sh
SELFTEST_BINS += $(addprefix $(BUILD)/tests/bin/,$(basename $(notdir $(BENCH_SRCS))))
-include $(wildcard tools/testing/selftests/*/build.mk)
HAVE_LIB := $(wildcard lib/libgnttab/Makefile)

export KVER KDIR GNTTAB_CACHE KSRC BUILD

.PHONY: all modules modules-debug lib tests check soak demo shell test bench deps deb clean
all: modules lib tests

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

# Kbuild writes its objects next to the sources, so the debug kernel's build
# happens in a copy of them.
DEBUG_MODULES := $(BUILD)/debug-modules
modules-debug:
	@test -d "$(DEBUG_EXPORT)/headers" || \
		{ echo "DEBUG_EXPORT: tools/testing/debug-kernel/build.sh prints it"; exit 1; }
	rm -rf $(DEBUG_MODULES) && mkdir -p $(DEBUG_MODULES)
	find Kbuild drivers include \( -name Kbuild -o -name '*.[ch]' \) -print0 | \
		xargs -0 cp --parents -t $(DEBUG_MODULES)
	$(MAKE) -C $(DEBUG_EXPORT)/headers M=$(DEBUG_MODULES) modules

lib:
ifneq ($(HAVE_LIB),)
	$(MAKE) -C lib/libgnttab O=$(BUILD)/lib CFLAGS="$(CFLAGS)"
endif

tests: $(SELFTEST_BINS)

vpath %.c $(sort $(dir $(SELFTEST_SRCS))) tools/testing/bench
vpath %.sh $(sort $(dir $(SELFTEST_SCRIPTS))) tools/testing/bench
$(BUILD)/tests/bin/%: %.sh
	@mkdir -p $(@D)
	install -m 755 $< $@

$(BUILD)/tests/bin/%: %.c $(wildcard tools/testing/selftests/include/*.h) \
		$(wildcard include/uapi/xen/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARNINGS) $(TEST_CPPFLAGS) -o $@ $< $(TEST_LDLIBS) $(LDLIBS_$*)

check:
	tools/testing/check.sh

soak:
	tools/testing/soak.sh

demo: deps
	$(MAKE) all
	tools/testing/vm/vm demo $(if $(STAY),--shell) $(PROFILE)

shell: deps
	$(MAKE) all
	tools/testing/vm/vm shell

test: deps
	$(MAKE) all
	tools/testing/vm/vm run $(T)

bench: deps
	$(MAKE) all
	tools/testing/bench/bench.sh $(BUILD)/bench

deps:
	tools/testing/deps.sh

# Debian packages (gnttab-dkms, libgnttab1, libgnttab-dev) into build/deb, built
# from a copy of the tree; lintian's report in build/deb/lintian.txt.
deb:
	tools/packaging/build-deb.sh $(BUILD)/deb

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C $(KDIR) M=$(CURDIR)/tools/testing/bench/floor clean
	rm -rf $(BUILD)
