// Scalar floating point (Power ISA 3.1 Book I chapter 4): hand-checked ISA cases.
#include <gtest/gtest.h>
