# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# What the guest's suites share (scripts/suites/NAME.sh declares each):
# sourced with a suite's declaration by run-tests.sh.  A suite prints TAP
# or KTAP and returns non-zero when it failed.
ST=/xrmap/mm

# The path of a module of the initramfs, by name.
module_path()
{
	find /lib/modules -name "$1.ko"
}

# Load a module from the initramfs by name.
load()
{
	ko=$(module_path "$1")
	[ -n "$ko" ] || { echo "# module $1 is not in the initramfs"; return 1; }
	insmod "$ko"
}

# vmtests CATEGORY: the tree's own runner, run_vmtests.sh -t CATEGORY, as
# KTAP: the runner's results at the top level, and what each program
# printed (which the runner prefixes with "# ") as its subtests, indented
# before its result line.  Returns the runner's status.
vmtests()
{
	(cd "$ST" && { bash ./run_vmtests.sh -t "$1" 2>&1; echo $? >/tmp/vmtests.rc; } |
		sed 's/^# /    /')
	return "$(cat /tmp/vmtests.rc)"
}

# setup_up WHAT...: what a suite's SUITE_SETUP names: ext4 (on a loop
# device, the image is packed by initramfs.sh, at /mnt/ext4), swap (on
# a ram disk), cgroup (cgroup2 with the memory controller), hugetlb (two
# free huge pages of every size the vCPU offers).
setup_up()
{
	for what in "$@"; do
		case $what in
		ext4)
			losetup /dev/loop0 /xrmap/ext4.img &&
				mkdir -p /mnt/ext4 && mount -t ext4 /dev/loop0 /mnt/ext4 ;;
		swap)
			mkswap /dev/ram0 >/dev/null && swapon /dev/ram0 ;;
		cgroup)
			mkdir -p /sys/fs/cgroup && mount -t cgroup2 cgroup2 /sys/fs/cgroup &&
				echo +memory >/sys/fs/cgroup/cgroup.subtree_control ;;
		hugetlb)
			hugetlb_free 2 ;;
		*)
			echo "# unknown set-up '$what'"; false ;;
		esac || { echo "# cannot set up $what"; return 1; }
	done
}

setup_down()
{
	for what in "$@"; do
		case $what in
		ext4) umount /mnt/ext4 && losetup -d /dev/loop0 ;;
		swap) swapoff /dev/ram0 ;;
		cgroup) umount /sys/fs/cgroup ;;
		hugetlb) hugetlb_free 0 ;;
		esac
	done
}

# hugetlb_free N: at least N free huge pages of every size (0: as many as
# at boot again).
hugetlb_free()
{
	for d in /sys/kernel/mm/hugepages/hugepages-*; do
		boot=/tmp/${d##*/}.boot
		[ -r "$boot" ] || cat "$d/nr_hugepages" >"$boot"
		if [ "$1" -eq 0 ]; then
			cat "$boot" >"$d/nr_hugepages"
			continue
		fi
		free=$(cat "$d/free_hugepages")
		[ "$free" -ge "$1" ] && continue
		echo $(($(cat "$d/nr_hugepages") + $1 - free)) >"$d/nr_hugepages" 2>/dev/null
		[ "$(cat "$d/free_hugepages")" -ge "$1" ] ||
			{ echo "# ${d##*/}: $1 free huge pages asked, $(cat "$d/free_hugepages") got"; return 1; }
	done
}
