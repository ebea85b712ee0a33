-- mart_accounts
-- Grain: one row per account (stg_accounts.account_id).
-- Purpose: the dashboard's account dimension: contact details plus the region, derived from
--   the two-letter state code before the ZIP at the end of the address. APO/FPO/DPO addresses
--   carry the armed-forces codes AA, AE and AP, which get a region of their own. The region
--   names must match REGIONS in lib/regions.ts.
-- Inputs: stg_accounts; scoped to temp.build_scope's accounts.
with

accounts as (
    select
        account_id,
        company_name,
        company_address,
        contact_person,
        contact_phone,
        joining_date,
        trim(coalesce(company_address, ''), ' ' || char(9) || char(10) || char(13)) as address
    from stg_accounts
    where account_id in (select account_id from temp.build_scope) -- scoped builds only
),

state_codes as (
    select
        *,
        case
            when address glob '*[A-Z][A-Z] [0-9][0-9][0-9][0-9][0-9]'
                then substr(address, -8, 2)
            when address glob '*[A-Z][A-Z] [0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'
                then substr(address, -13, 2)
        end as state_code
    from accounts
),

-- US Census Bureau regions, plus the armed-forces and territory codes.
regions (state_code, region) as (
    values
        ('CT', 'Northeast'), ('ME', 'Northeast'), ('MA', 'Northeast'), ('NH', 'Northeast'),
        ('RI', 'Northeast'), ('VT', 'Northeast'), ('NJ', 'Northeast'), ('NY', 'Northeast'),
        ('PA', 'Northeast'),
        ('IL', 'Midwest'), ('IN', 'Midwest'), ('MI', 'Midwest'), ('OH', 'Midwest'),
        ('WI', 'Midwest'), ('IA', 'Midwest'), ('KS', 'Midwest'), ('MN', 'Midwest'),
        ('MO', 'Midwest'), ('NE', 'Midwest'), ('ND', 'Midwest'), ('SD', 'Midwest'),
        ('DE', 'South'), ('DC', 'South'), ('FL', 'South'), ('GA', 'South'), ('MD', 'South'),
        ('NC', 'South'), ('SC', 'South'), ('VA', 'South'), ('WV', 'South'), ('AL', 'South'),
        ('KY', 'South'), ('MS', 'South'), ('TN', 'South'), ('AR', 'South'), ('LA', 'South'),
        ('OK', 'South'), ('TX', 'South'),
        ('AZ', 'West'), ('CO', 'West'), ('ID', 'West'), ('MT', 'West'), ('NV', 'West'),
        ('NM', 'West'), ('UT', 'West'), ('WY', 'West'), ('AK', 'West'), ('CA', 'West'),
        ('HI', 'West'), ('OR', 'West'), ('WA', 'West'),
        ('AA', 'Armed Forces'), ('AE', 'Armed Forces'), ('AP', 'Armed Forces'),
        ('PR', 'Territories'), ('GU', 'Territories'), ('VI', 'Territories'),
        ('AS', 'Territories'), ('MP', 'Territories'), ('FM', 'Territories'),
        ('MH', 'Territories'), ('PW', 'Territories'), ('UM', 'Territories')
)

select
    s.account_id,
    s.company_name,
    s.company_address,
    s.contact_person,
    s.contact_phone,
    s.joining_date,
    s.state_code,
    coalesce(r.region, 'Unknown') as region
from state_codes as s
left join regions as r on r.state_code = s.state_code
