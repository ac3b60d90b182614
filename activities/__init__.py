"""Beyond food: workshops, the « bourse des compétences » and the computer corner of each site."""
