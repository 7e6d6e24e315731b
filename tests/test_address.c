/*
 * test_address.c: how a party's address is compared with an address-only
 * Entity List entry (15 CFR 744.16(a)): the listed address in the party's,
 * in order; numbers must agree; the listed country code is not needed.
 */
#include "helpers.h"

#include "address.h"

#define LISTED                                                                 \
	"Room 1318-19, 13F, Hollywood Plaza, 610 Nathan Road, "                \
	"Mong Kok, Kowloon, Hong Kong, HK"

static void test_same_address(void **state)
{
	(void)state;
	/* As listed, without the country code, in other case and spacing. */
	assert_int_equal(ec__address_match("Room 1318-19, 13F, Hollywood "
					   "Plaza, 610 Nathan Road, Mong Kok, "
					   "Kowloon, Hong Kong",
					   LISTED),
			 2);
	assert_int_equal(ec__address_match("ROOM 1318-19 13F HOLLYWOOD PLAZA "
					   "610 NATHAN ROAD MONG KOK KOWLOON "
					   "HONG KONG SAR CHINA",
					   LISTED),
			 2);
	/* A company name before the address does not matter. */
	assert_int_equal(ec__address_match("Example Trading Ltd, Room 1318-19, "
					   "13F, Hollywood Plaza, 610 Nathan "
					   "Road, Mong Kok, Kowloon, Hong Kong",
					   LISTED),
			 2);
}

static void test_near_address(void **state)
{
	(void)state;
	/* Same numbers, a word missing: possibly the same address. */
	assert_int_equal(ec__address_match("Rm 1318-19, 13F, Hollywood Plaza, "
					   "610 Nathan Rd, Mongkok, Kowloon, "
					   "Hong Kong",
					   LISTED),
			 1);
}

static void test_other_address(void **state)
{
	(void)state;
	/* The next room of the same building is another listed entry. */
	assert_int_equal(
		ec__address_match("Room 1318-20, 13F, Hollywood Plaza, "
				  "610 Nathan Road, Mong Kok, Kowloon, "
				  "Hong Kong",
				  LISTED),
		0);
	assert_int_equal(
		ec__address_match("Room 1401, 14F, Hollywood Plaza, "
				  "610 Nathan Road, Mong Kok, Kowloon, "
				  "Hong Kong",
				  LISTED),
		0);
	assert_int_equal(ec__address_match("", LISTED), 0);
	assert_int_equal(ec__address_match(NULL, LISTED), 0);
	/* Too short to stand for an address. */
	assert_int_equal(ec__address_match("Hong Kong", "Hong Kong, HK"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_address),
		cmocka_unit_test(test_near_address),
		cmocka_unit_test(test_other_address),
	};

	return th_run_group(tests, NULL, NULL);
}
