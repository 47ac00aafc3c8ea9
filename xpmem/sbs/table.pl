#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
# The side-by-side table of make xpmem (scripts/xpmem.sh): the "# sbs"
# lines xpmem_sbs printed in the stock and in the converted run, one
# markdown row per event and memory kind.
#
# usage: table.pl STOCK_RESULTS_LOG CONVERTED_RESULTS_LOG
use strict;
use warnings;

my $PROG = 'table.pl';

sub fail
{
	print STDERR "$PROG: error: @_\n";
	exit 2;
}

@ARGV == 2 or do {
	print STDERR "usage: $PROG STOCK_RESULTS_LOG CONVERTED_RESULTS_LOG\n";
	exit 2;
};

my (%rows, @order);
for my $log (@ARGV) {
	open(my $fh, '<', $log) or fail("cannot read $log: $!");
	my $n = 0;
	while (my $l = <$fh>) {
		chomp($l);
		$l =~ s/\r//g;
		next unless $l =~ /^\s*# sbs (.*)$/;
		my %f = map { split(/=/, $_, 2) } split(' ', $1);
		for my $k (qw(xpmem event mem pages moved stale lost sigbus taken dropped foll_pins)) {
			defined($f{$k}) or fail("$log: no $k= in: $l");
		}
		my $key = "$f{event} $f{mem}";
		push(@order, $key) unless $rows{$key};
		$rows{$key}{$f{xpmem}} = \%f;
		$n++;
	}
	close($fh);
	$n or fail("$log: no '# sbs' line (did xpmem_sbs run?)");
}

print "| event | memory | stock: moved or freed | stock: stale / lost / SIGBUS | stock: pinned / unpinned | converted: moved or freed | converted: stale / lost / SIGBUS | converted: refs taken / dropped |\n";
print "|---|---|---|---|---|---|---|---|\n";
for my $key (@order) {
	my ($event, $mem) = split(' ', $key);
	my @cells = ($event, $mem);
	for my $x (qw(stock converted)) {
		my $f = $rows{$key}{$x} or fail("no $x row for $event $mem");
		push(@cells, "$f->{moved}/$f->{pages}",
		     "$f->{stale} / $f->{lost} / $f->{sigbus}",
		     "$f->{taken} / $f->{dropped}");
	}
	print "| ", join(" | ", @cells), " |\n";
}
