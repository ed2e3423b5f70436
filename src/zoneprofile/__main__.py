from zoneprofile.cli import main

main()
