#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# The harness's TAP layer, on Perl's TAP::Parser (core Perl).
#
#   tap.pl report RESULTS_LOG EXPECTED [NOSKIP_SUITE...]
#	The guest's results.log (suites framed by "### xrmap suite NAME
#	begin" / "... end rc=N", retries by "### xrmap retry SUITE TEST
#	begin" / "... end rc=N", then "### xrmap done") into one TAP stream,
#	compared with EXPECTED (selftests/expected-results: FAIL, FLAKY and
#	SKIP lines).  A skip in a NOSKIP_SUITE fails unless EXPECTED lists it.  Ends with "N passed, N
#	failed, N skipped"; exits 1 when anything failed, 2 on bad input.
#   tap.pl merge NAME=TAP_FILE...
#	One stream of the files' results, "NAME: " before each, renumbered;
#	a missing or invalid file is a failed result "NAME: the run".
#   tap.pl sum TAP_FILE...
#	Parses TAP files (the steps' results) and prints their sum as
#	"N passed, N failed, N skipped"; exits 1 when any file has a failure
#	or is not valid TAP (no plan, a plan that does not match, Bail out!).
#
# Each suite's output is KTAP or TAP 13 (kselftest.h, kselftest_harness.h,
# KUnit's debugfs results): results at one level, subtests indented by
# four spaces before the result line of their parent.  A result with
# subtest results is not itself counted (a KUnit suite, a parameterized
# case): its leaves are, and a parent that fails with no failed leaf
# fails on its own.  Every stream must be valid TAP: a duplicate or
# out-of-sequence number, a plan that does not match, or "Bail out!"
# fails the suite; so does a missing plan at a suite's top level.  A
# nested stream may omit its plan, as KTAP allows when the count is not
# known in advance (KUnit's parameterized cases print none).  Results
# with the same name in one suite fail.
use strict;
use warnings;
use TAP::Parser;

my $PROG = 'tap.pl';

sub usage
{
	print STDERR "usage: $PROG report RESULTS_LOG EXPECTED [NOSKIP_SUITE...]\n",
		"       $PROG merge NAME=TAP_FILE...\n",
		"       $PROG sum TAP_FILE...\n";
	exit 2;
}

sub die_input
{
	print STDERR "$PROG: error: @_\n";
	exit 2;
}

sub slurp
{
	my ($path) = @_;
	open(my $fh, '<:raw', $path) or die_input("cannot read $path: $!");
	local $/;
	my $text = <$fh>;
	close($fh);
	$text =~ s/\r//g;
	return $text;
}

# parse_stream(LINES, PREFIX, NESTED): the results of one TAP/KTAP stream
# and, recursively, of its subtests, as a list of [id, status, why], with
# status PASS, FAIL or SKIP; problems with the stream itself are FAIL
# results named PREFIX + "tap".
sub parse_stream
{
	my ($lines, $prefix, $nested) = @_;
	my (@top, @blocks, @pending, @runs, @out);
	my $run;

	# Split the top level from the subtests, which precede their parent.
	for my $l (@$lines) {
		if ($l =~ /^    (.*)$/s) {
			push(@pending, $1);
			next;
		}
		if ($l =~ /^(not )?ok\b/) {
			push(@blocks, [@pending]);
			push(@runs, $run);
			@pending = ();
			$run = undef;
		} elsif ($l =~ /^# \[RUN\] (.*)$/) {
			# kselftest.h programs (cow) name a test before it runs.
			$run = $1;
		}
		# TAP lines only: what programs print besides (a runner's
		# banners, KTAP's version line) is not TAP's business.
		push(@top, $l) if $l =~ /^(TAP version \d|\d+\.\.\d|(not )?ok\b|Bail out!)/;
	}

	my $parser = TAP::Parser->new({ tap => join("\n", @top) . "\n" });
	my ($k, $bailout) = (0, undef);
	while (my $r = $parser->next) {
		if ($r->is_bailout) {
			$bailout = $r->explanation;
			next;
		}
		next unless $r->is_test;
		my $block = $blocks[$k];
		my $runname = $runs[$k];
		$k++;
		my $desc = $r->description;
		$desc =~ s/^\s+|\s+$//g;
		# A comment that is no directive ("not ok 1 x # exit=1").
		my $note = '';
		($desc, $note) = ($1, $2) if $desc =~ /^(.*?)\s+#\s*(.*)$/;
		my $name = defined($runname) ? $runname : $desc;
		$name = "test" . $r->number if $name eq '';
		# A TODO that fails is not a failure in TAP: a skip, named.
		my $st = $r->has_skip || ($r->has_todo && !$r->is_actual_ok) ?
			 'SKIP' : $r->is_actual_ok ? 'PASS' : 'FAIL';
		my $why = $r->explanation // '';
		$why = "TODO $why" if $r->has_todo && !$r->is_actual_ok;
		$why = $note if $why eq '';
		$why = $desc if defined($runname) && $st ne 'SKIP' && $why eq '';
		# A parent's name prefixes its subtests' (spaces made "_").
		(my $pname = $name) =~ s/\s+/_/g;
		my @sub = parse_stream($block, "$prefix$pname.", 1);
		my @leaves = grep { $_->[0] !~ /\.tap$/ } @sub;
		if (@leaves) {
			push(@out, @sub);
			push(@out, ["$prefix$name", 'FAIL',
				    "failed, but none of its subtests did"])
				if $st eq 'FAIL' && !grep { $_->[1] eq 'FAIL' } @sub;
		} else {
			push(@out, @sub);
			push(@out, ["$prefix$name", $st, $why]);
		}
	}
	push(@out, ["${prefix}all", 'SKIP', $parser->skip_all])
		if $parser->skip_all;
	my @errors = $parser->parse_errors;
	@errors = grep { !/^No plan found/ } @errors if $nested;
	push(@errors, "Bail out! $bailout") if defined($bailout);
	# TAP::Parser has no plan error for a stream without results.
	push(@errors, 'no plan') if !$nested && !$parser->plan &&
		!grep { /^No plan found/ } @errors;
	push(@out, ["${prefix}tap", 'FAIL', join('; ', @errors)]) if @errors;
	return @out;
}

sub read_expected
{
	my ($path) = @_;
	my (%known, %flaky, %skips);
	my $n = 0;

	open(my $fh, '<', $path) or die_input("no expected results at $path");
	while (my $line = <$fh>) {
		$n++;
		chomp($line);
		next if $line =~ /^\s*(#|$)/;
		my ($kind, $id, $why) = $line =~ /^(FAIL|FLAKY|SKIP)\s+(.+?)\s+#\s+(\S.*)$/ or
			die_input("$path:$n: expected 'FAIL|FLAKY|SKIP SUITE:TEST # reason', got '$line'");
		$id =~ /^[a-z0-9_]+:\S/ or
			die_input("$path:$n: the test must be SUITE:TEST, got '$id'");
		# The guest names a flaky test to run it again: no spaces.
		$kind ne 'FLAKY' || $id =~ /^\S+$/ or
			die_input("$path:$n: FLAKY needs SUITE:TEST without spaces, got '$id'");
		die_input("$path:$n: $id is listed twice")
			if exists($known{$id}) || exists($flaky{$id}) || exists($skips{$id});
		({ FAIL => \%known, FLAKY => \%flaky, SKIP => \%skips }->{$kind})->{$id} = $why;
	}
	close($fh);
	return (\%known, \%flaky, \%skips);
}

# The frames of results.log: suites with their lines and exit status,
# retries, and whether the guest got to the end.
sub read_results
{
	my ($path) = @_;
	my (@order, %lines, %rc, %retry, $cur, $rcur, $done);

	for my $l (split(/\n/, slurp($path))) {
		if ($l =~ /^### xrmap suite (\S+) begin$/) {
			$cur = $1;
			die_input("$path: suite $cur is framed twice") if exists($lines{$cur});
			push(@order, $cur);
			$lines{$cur} = [];
		} elsif ($l =~ /^### xrmap suite (\S+) end rc=(\d+)$/) {
			$rc{$1} = $2 if defined($cur) && $cur eq $1;
			$cur = undef;
		} elsif ($l =~ /^### xrmap retry (\S+) (\S+) begin$/) {
			$rcur = "$1:$2";
			$retry{$rcur} = { lines => [] };
		} elsif ($l =~ /^### xrmap retry (\S+) (\S+) end rc=(\d+)$/) {
			$retry{"$1:$2"}{rc} = $3 if exists($retry{"$1:$2"});
			$rcur = undef;
		} elsif ($l =~ /^### xrmap done$/) {
			$done = 1;
		} elsif ($l =~ /^### xrmap /) {
			next;
		} elsif (defined($rcur)) {
			push(@{$retry{$rcur}{lines}}, $l);
		} elsif (defined($cur)) {
			push(@{$lines{$cur}}, $l);
		}
	}
	return (\@order, \%lines, \%rc, \%retry, $done);
}

sub report
{
	usage() if @_ < 2;
	my ($results, $expected, @noskip) = @_;
	my %noskip = map { $_ => 1 } @noskip;
	my ($known, $flaky, $skips) = read_expected($expected);
	-r $results or die_input("no results at $results");
	my ($order, $lines, $rc, $retry, $done) = read_results($results);
	my (@res, %seen);

	for my $s (@$order) {
		my @r = parse_stream($lines->{$s}, '', 0);
		my $code = $rc->{$s};
		my $nres = grep { $_->[0] ne 'tap' } @r;
		my $nfail = grep { $_->[1] eq 'FAIL' } @r;
		if (!defined($code)) {
			push(@r, ['unfinished', 'FAIL', 'the guest stopped inside this suite']);
		} elsif ($code == 124) {
			push(@r, ['timeout', 'FAIL', 'the suite timed out in the guest']);
		} elsif ($code == 4 && !$nres) {
			# KSFT_SKIP: the whole program skipped.
			@r = (['all', 'SKIP', 'the suite exited with status 4 (KSFT_SKIP)']);
		} elsif ($code == 4 && grep { $_->[1] eq 'SKIP' } @r) {
			# KSFT_SKIP from a runner: some of its tests skipped.
		} elsif ($code != 0 && !$nfail) {
			push(@r, ['exit-status', 'FAIL', "exited with status $code and no failed test"]);
		}
		push(@r, ['no-results', 'FAIL', 'printed no TAP result'])
			if !$nres && !(defined($code) && $code == 4);
		for my $x (@r) {
			my $id = "$s:$x->[0]";
			if ($seen{$id}++) {
				push(@res, [$id, 'FAIL', 'a second result with this name']);
				next;
			}
			push(@res, [$id, $x->[1], $x->[2]]);
		}
	}
	my %ran = map { $_ => 1 } @$order;
	for my $id (sort(keys(%$known)), sort(keys(%$flaky)), sort(keys(%$skips))) {
		my ($s) = split(/:/, $id);
		push(@res, [$id, 'MISSING', "listed in $expected but did not run"])
			if $ran{$s} && !$seen{$id};
	}

	my ($np, $nf, $ns, @klist, @rlist) = (0, 0, 0);
	my $i = 0;
	my @tap;
	for my $x (@res) {
		my ($id, $st, $why) = @$x;
		my ($s) = split(/:/, $id);
		my $hash = $why eq '' ? '' : " # $why";
		$i++;
		if ($st eq 'PASS' && exists($known->{$id})) {
			push(@tap, "not ok $i $id # listed as a known base failure but passed: remove it from $expected");
			$nf++;
		} elsif ($st ne 'SKIP' && $st ne 'MISSING' && exists($skips->{$id})) {
			push(@tap, "not ok $i $id # listed as a known skip but did not skip: remove it from $expected");
			$nf++;
		} elsif ($st eq 'SKIP' && exists($skips->{$id})) {
			push(@tap, "ok $i $id # SKIP $why (known: $skips->{$id})");
			$ns++;
		} elsif ($st eq 'PASS') {
			push(@tap, "ok $i $id");
			$np++;
		} elsif ($st eq 'SKIP' && $noskip{$s}) {
			push(@tap, "not ok $i $id # skipped, but suite $s must not skip: $why");
			$nf++;
		} elsif ($st eq 'SKIP') {
			push(@tap, "ok $i $id # SKIP $why");
			$ns++;
		} elsif ($st eq 'FAIL' && exists($flaky->{$id})) {
			my $again = 'not run again';
			if (my $rt = $retry->{$id}) {
				my ($t) = $id =~ /^[^:]+:(.*)$/;
				my ($rr) = grep { $_->[0] eq $t } parse_stream($rt->{lines}, '', 0);
				my $tapok = !grep { $_->[0] eq 'tap' } parse_stream($rt->{lines}, '', 0);
				$again = !$rr ? 'run again: no result' :
					 $rr->[1] eq 'PASS' && $tapok && ($rt->{rc} // 1) == 0 ?
					 'run again: passed' :
					 $rr->[1] eq 'SKIP' ? 'run again: skipped' : 'run again: failed';
			}
			if ($again eq 'run again: passed') {
				push(@tap, "ok $i $id # failed, then passed when run again: known flaky: $flaky->{$id}");
				$np++;
				push(@rlist, $id);
			} else {
				push(@tap, "not ok $i $id # " . ($why eq '' ? '' : "$why; ") .
					   "known flaky, but $again");
				$nf++;
			}
		} elsif ($st eq 'FAIL' && exists($known->{$id})) {
			push(@tap, "not ok $i $id # TODO known base failure: $known->{$id}");
			push(@klist, $id);
		} else {
			push(@tap, "not ok $i $id$hash");
			$nf++;
		}
	}
	if (!$done) {
		$i++;
		push(@tap, "not ok $i guest:done # the guest did not get to the end of its run");
		$nf++;
	}
	print "TAP version 13\n1..$i\n";
	print "$_\n" for @tap;
	printf("# known base failures (%d), not counted as failed: %s\n",
	       scalar(@klist), join(', ', @klist)) if @klist;
	printf("# known flaky (%d), failed, then passed when run again: %s\n",
	       scalar(@rlist), join(', ', @rlist)) if @rlist;
	print "$np passed, $nf failed, $ns skipped\n";
	exit($nf ? 1 : 0);
}

sub sum
{
	usage() unless @_;
	my ($np, $nf, $ns) = (0, 0, 0);

	for my $f (@_) {
		my $parser = TAP::Parser->new({ tap => slurp($f) });
		while (my $r = $parser->next) {
			if ($r->is_bailout) {
				print STDERR "$PROG: $f: Bail out! ", $r->explanation, "\n";
				$nf++;
				next;
			}
			next unless $r->is_test;
			if ($r->has_skip) {
				$ns++;
			} elsif ($r->is_actual_ok || $r->has_todo) {
				# A TODO result is a known failure, not counted.
				$np += $r->is_actual_ok;
			} else {
				$nf++;
			}
		}
		for my $e ($parser->parse_errors) {
			print STDERR "$PROG: $f: $e\n";
			$nf++;
		}
	}
	print "$np passed, $nf failed, $ns skipped\n";
	exit($nf ? 1 : 0);
}

# merge NAME=TAP_FILE...: the results of each file, "NAME: " before each
# description, renumbered into one stream; a file that is missing or not
# valid TAP adds a failed result "NAME: the run".
sub merge
{
	usage() unless @_;
	my ($n, @out) = (0);

	for my $arg (@_) {
		my ($name, $f) = $arg =~ /^([^=]+)=(.+)$/ or usage();
		my @err;

		if (-s $f) {
			my $parser = TAP::Parser->new({ tap => slurp($f) });
			while (my $r = $parser->next) {
				push(@err, 'Bail out! ' . $r->explanation) if $r->is_bailout;
				next unless $r->is_test;
				my $d = $r->description;
				$d =~ s/^\s+//;
				my $dir = $r->has_skip ? ' # SKIP ' . $r->explanation :
					  $r->has_todo ? ' # TODO ' . $r->explanation : '';
				push(@out, sprintf('%s %d %s: %s%s',
					$r->is_actual_ok ? 'ok' : 'not ok', ++$n, $name, $d, $dir));
			}
			push(@err, $parser->parse_errors);
		} else {
			push(@err, "no results in $f");
		}
		push(@out, sprintf('not ok %d %s: the run # %s', ++$n, $name,
				   join('; ', @err))) if @err;
	}
	print "TAP version 13\n1..$n\n";
	print "$_\n" for @out;
	exit(0);
}

my $mode = shift(@ARGV) // usage();
merge(@ARGV) if $mode eq 'merge';
report(@ARGV) if $mode eq 'report';
sum(@ARGV) if $mode eq 'sum';
usage();
