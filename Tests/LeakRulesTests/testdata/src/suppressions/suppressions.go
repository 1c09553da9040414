package suppressions

func unused() {
	/* want "suppression of L101 silences nothing here" */ //seep:ignore L101 there is no loop here
	defer release()
}

func noReason(xs []int) {
	for range xs {
		/* want "the suppression of L102 needs a reason" */ //seep:ignore L102
		defer release()
	}
}

func fileWide(xs []int) {
	for range xs {
		defer release() //seep:ignore defer-in-bounded-loop released together at return
	}
}

func release() {}
